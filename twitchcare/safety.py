"""Safety screens that run on every message: emergency signs and requests for doses.

The emergency table is the single source of truth for what stops a conversation
and sends the person to emergency care. Matching errs on the side of caution:
doubt ("not sure if I can swallow") counts as a sign; only a clear denial in the
same clause ("no trouble breathing") does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Tuple

from twitchcare.regex_literals import Screened, possible, required_by_any
from twitchcare.text import HINDI_NOT, HOW_TO_TELL, denies, normalise, sentence_span, words

# Building blocks for lay wording. "Cue" words say something is wrong; they are
# combined with the body function within a few words, in either order.
_CANT = r"(can ?not|can't|cant|couldn't|couldnt|won't|wont|unable to|not able to|barely|hardly|struggl\w*( to)?|hard to|difficult to|trouble|difficulty|problems?|hard time|fighting for)"
_WHO = r"(my |his |her |their |the )?"
_NEAR = r"\W+(?:\w+\W+){0,4}?"  # up to four words in between
# a helmet that took the blow, either way round: "helmet cracked", "smashed my bike helmet"
_HELMET_BROKEN = r"(cracked|split|snapped|smashed|dented|broke|broken|shattered)"
_NOT_A_HELMET_PART = (
    r"(?!\s+(straps?|visors?|lights?|cam|camera|mounts?|bags?|covers?|buckles?|clips?)\b)"  # "helmet strap snapped"
)

# A one-sided weakness the rest of the message says has long been so ("weaker than the right, been
# that way for years") is no sudden sign.
_NOT_LONG_STANDING = (
    r"(?!.{0,60}\b(been (like )?that way|(for|over) (a couple of |a few |many |several )?(years|months)|always|"
    r"since (birth|childhood)))"
)

# (id, plain-words label used in replies, regex patterns)
EMERGENCY_SIGNS: Tuple[Tuple[str, str, Tuple[str, ...]], ...] = (
    (
        "breathing",
        "trouble breathing",
        (
            rf"\b{_CANT}\W+(?:\w+\W+){{0,3}}?(breath\w*\b(?! (space|room|a word))|catch(ing)? {_WHO}breath|get (enough )?air|get {_WHO}breath)",
            r"\b(short(ness)? of breath|breathless\w*|gasping|suffocat\w*|not breathing|stopped breathing|fighting for (air|breath))",
            r"\bbreathing\W+(?:\w+\W+){0,3}?(hard|difficult|laboured|labored|tight|noisy|rattly|wheezy|trouble|problems?)\b",
            r"\bwheez\w*\b.{0,30}\b(badly|bad|barely|can't|cant|struggl)",
            r"\bwithout stopping to (get|catch) (his |her |my )?breath",
            r"\bbreathing through a straw\b",
        ),
    ),
    (
        "swallowing",
        "trouble swallowing or choking",
        (
            rf"\b{_CANT}\W+(?:\w+\W+){{0,3}}?(swallow\w*|get (food|anything|water|drinks?|it) down)",
            r"\bswallow\w*\b.{0,40}\b(sticks?|stuck|comes? back|won't go down|wont go down|hurts too much to)",
            r"\b(throat|gullet)\b.{0,25}\b(won't|wont|doesn't|can't|cant) (let me )?swallow",
            r"\bchok(e|es|ed|ing)\b(?! up)(?!.{0,10}\bup\b)",
            r"\bswallowing\W+(?:\w+\W+){0,2}?(hard|difficult|a problem|impossible|a struggle|a battle|an effort)",
            # "I can not pass it down", "the food is blocked in the neck", "the swallow is broken"
            rf"\b{_CANT}\W+(?:\w+\W+){{0,1}}?pass (it|food|anything|water|spit|saliva|drinks?) down\b",
            r"\b(food|it|everything|water)\W+(?:\w+\W+){0,2}?(blocked|stuck) in (my|the|his|her) (neck|throat|gullet)\b",
            # "food feels like it gets stuck since this afternoon"
            r"\b(food|water|drinks?)\W+(?:\w+\W+){0,3}?(gets?|getting|keeps getting) stuck\b",
            # "the pasta kept sticking in my throat and I had to spit it out"
            r"\b(kept|keeps|keep) (sticking|getting stuck|catching) in (my|the|his|her) (throat|gullet)\b",
            r"\b(my |the |his |her )?swallow(ing)? (is|has) (broken|gone|stopped working|not working)\b",
            r"\b(comes|coming|came) (back )?(out|up) (of|through) (my|his|her) nose when .{0,20}swallow",
        ),
    ),
    (
        "speech",
        "slurred or lost speech",
        (
            r"\bslurr?\w*",
            rf"\b{_CANT}\W+(?:\w+\W+){{0,2}}?(speak|talk|get (my |the )?words out|say (the )?words|finish a sentence)",
            r"\b(lost|losing) (my |his |her )?(speech|voice and)",
            r"\b(speech|talking|voice)\W+(?:\w+\W+){0,4}?(garbled|slurred|jumbled|strange|weird|off|wrong|gibberish|nonsense|thick)\b",
            r"\bwords\W+(?:\w+\W+){0,4}?(jumbled|garbled|wrong|mixed up|won't come|wont come|don't come|not coming|come out wrong)",
            r"\b(talking|speaking) (gibberish|nonsense)\b",
            # "the words melt together", "my words run into each other": slurring described
            r"\bwords\W+(?:\w+\W+){0,3}?(melt\w*|run|running|ran|blur\w*|slid\w*|slur\w*|mash\w*|smush\w*) "
            r"(together|into each other|into one( another)?)\b",
            r"\bwords\W+(?:\w+\W+){0,4}?(coming|come|came) out (all )?(funny|weird|strange|jumbled|muddled|all wrong|garbled|slurred|mushy|mumbled|muffled|wonky)",
            # told by someone who heard it: "she said I sounded drunk, and I haven't had a drop"
            r"\b(said|says|told me) (that )?(i|he|she) sound(ed|s) (drunk|slurr\w*|like (i|he|she) (was|is|had been) drunk)\b",
        ),
    ),
    (
        "one_sided",
        "sudden weakness, numbness or drooping on one side",
        (
            r"\b(weak\w*|numb\w*|droop\w*|paraly\w*|heavy|dead|sagg\w*|tingl\w*) (all )?(on|down) (one|the (left|right)|my (left|right)|his (left|right)|her (left|right)) side",
            # in shorthand: "numb 1 side (R) face + arm", "face numb one side", "cheek numb, just that side"
            r"\b((face|arm|leg|body)\W+)?(weak\w*|numb\w*|droop\w*|paraly\w*|dead|tingl\w*)\W+(on\W+)?(one|1) side\b",
            r"\b(numb\w*|dead|droop\w*)\W+(just|only) (on )?(that|this) side\b(?! of)",
            # clipped on a watch: "numb rt side sudden"
            r"\b(weak\w*|numb\w*|droop\w*|paraly\w*|dead) (left|right) side\b(?! of)",
            # "my whole right side went numb, face and arm"; "my left arm has gone heavy and useless"
            r"\b(whole |my |his |her |the )(left|right) side\b( of (my|his|her) body)?\W+(?:\w+\W+){0,2}?(went|gone|goes|feels?|felt) "
            r"(all |completely |totally )?(numb|dead|weak|heavy|floppy)\b",
            r"\b(left|right) (arm|leg|hand)\b\W+(?:\w+\W+){0,2}?(gone|went) (all )?(heavy and useless|useless|limp|floppy)\b",
            # a limb that went weak all at once: "arm went weak all of a sudden", "sudden weakness in my leg"
            r"\b(arm|leg|hand)\b\W+(?:\w+\W+){0,1}?(suddenly )?(went|gone|has gone) (all )?(weak|limp|floppy)\b\W+(?:\w+\W+){0,2}?"
            r"(all of a sudden|out of nowhere|out of the blue)",
            r"\b(arm|leg|hand)\b\W+(?:\w+\W+){0,1}?suddenly (went|gone|going) (all )?(weak|limp|floppy)\b",
            r"\bsudden (weakness|loss of strength) (in|of) (my|his|her|the) (arm|leg|hand)\b",
            # "one whole side of me is numb-ish"
            r"\bone (whole )?side of (me|my body|him|her|them)\b\W+(?:\w+\W+){0,2}?(numb|dead|weak|heavy|floppy)",
            r"\b(one|the (left|right)|my (left|right)|his (left|right)|her (left|right)) side of (my |his |her |their |the )?(face|body|mouth)\W+(?:\w+\W+){0,3}?(weak|numb|dead|paraly|droop|heavy|sagg|fallen|dropped|gone|went)",
            # ("my face is not drooping" denies it)
            r"\b(face|mouth|smile|cheek|lip)\W+(?:(?!(not|isn|isnt|no|never|wasn|wasnt|aren|arent)\b)\w+\W+){0,3}?"
            r"(lopsided|crooked|uneven|droop\w*|sagg\w*|fallen|dropped|slipped)",
            r"\bdroop\w* (face|mouth|smile|on one side)",
            r"\b(half|one side of) (my |his |her |their )?(face|body)\b.{0,20}\b(numb|weak|dead|droop|paraly|went|gone|dropped)",
            # "numbness in my face on the right"
            r"\b(numb\w*|droop\w*|paraly\w*|dead) in (my |his |her |their |the )?(face|cheek|mouth)( \w+)? on the (left|right)\b",
            r"\bsudden\w*\W+(?:\w+\W+){0,3}?(weak\w*|numb\w*|paraly\w*|heavy|dead)\W+(?:\w+\W+){0,3}?(left|right|one)\b",
            r"\b(arm|leg|hand|side)\W+(?:\w+\W+){0,2}?(went|has gone|gone|going) (dead|numb|heavy|limp|floppy)\b.{0,25}\bsudden",
            r"\bsudden\w*\b.{0,25}\b(arm|leg|hand|side)\W+(?:\w+\W+){0,2}?(went|has gone|gone) (dead|numb|heavy|limp|floppy)",
            r"\b(arm|leg|hand)\W+(?:\w+\W+){0,1}?went (dead and heavy|heavy and dead)",
            # one limb going weak or numb, with the same side of the face or minutes ago
            r"\b(left|right) (arm|leg|hand|foot)\b.{0,20}\b(went|go|gone|going|goes|is|feels?) (weak|numb|dead|heavy|limp)\b"
            r".{0,60}\b((that|the same) side of (my |his |her )?face|(\d+|twenty|ten|few) (mins?|minutes) ago|just now|suddenly)",
            # one side's limbs against the other: "my left hand and leg weaker than the right"
            r"\b(left|right) (arm|hand|leg|foot)( and (arm|hand|leg|foot))?\W+((are|is|feel|feels|got|getting|much|way|a lot) ){0,2}"
            r"(weaker|heavier|clumsier|number|deader) than (the|my) (other|left|right)\b" + _NOT_LONG_STANDING,
            r"\b(left|right) (side|arm|leg)\b.{0,30}\b(gave way|giving way|dragging|won't move|wont move|can't move|cant move|can't grip|cant grip|can't lift|cant lift)",
            r"\b(can't|cannot|cant|can not) (lift|move|feel|grip with) (my |his |her )?(left|right) (arm|leg|hand|side)",
            # two parts of the same side: "cant feel my left hand or left foot", "right arm and right leg numb"
            r"\b(?P<side>left|right) (arm|hand|leg|foot|face)\W+(and|or|plus|\+|&) (my |his |her |the )?(?P=side) "
            r"(arm|hand|leg|foot|face)\b" + _NOT_LONG_STANDING,
            r"\b(is|was|am|i'm|he's|she's|think (i|he|she)('s| is| am)?) having a stroke\b|\bstroke symptoms\b|\bsigns of a stroke (now|right now)",
            # a stroke told with a time that makes it now ("my dad had a stroke this evening"); "had a
            # stroke in 2019" is history
            r"\b(had|has had|'s had|just had) (a |another )?(mini[- ]?)?stroke\b,?( \w+){0,2}? (today|tonight|this (morning|afternoon|evening)|"
            r"last night|just now|earlier( today| on)?|an? (hour|few hours|couple of hours) ago|\d+ (mins?|minutes|hours?|hrs?) ago)\b",
        ),
    ),
    (
        "seizure",
        "a seizure or fit",
        (
            # (a muscle's own "seizure" is a figure of speech: MUSCLE_SEIZURE)
            r"\bseizures?\b(?! (in|on|of) (my|his|her|the) (thigh|calf|eyelid|eye|leg|arm|lip|muscle|hand|foot)s?\b)",
            r"\bconvuls\w*",
            r"\b(a|having|had|have|has|having a) fits?\b(?! (in|into|around|with))",
            r"\bepilep\w* (attack|episode|fit)",
            r"\b(jerk|jerked|jerking|shook|shaking|shaked)\b.{0,15}\ball over\b.{0,40}\b(stiff|froth|unresponsive|wouldn't respond|couldn't respond|eyes rolled)",
            r"\bwent stiff\b.{0,30}\b(jerk|shak|twitch)\w*",
            # a whole person, not a muscle: "she become stiff and shaking now" (a child with a fever)
            r"\b(she|he|they|baby|child|kid|son|daughter|whole body)\W+(?:(is|was|has|had|just|suddenly|then)\W+){0,2}"
            r"(goes|go|going|gone|become|became|becomes|becoming|got|gets|getting) (all |very )?(stiff|rigid)\b.{0,30}\b(jerk|shak)\w*",
            r"\beyes (rolled|rolling) (back|up)",
            r"\bfroth\w* at the mouth",
            r"\bshaking uncontrollably\b.{0,40}\b(couldn'?t|could not|wouldn'?t|didn'?t) respond",
        ),
    ),
    (
        "fainting",
        "fainting or losing consciousness",
        (
            r"\bfaint(ed|ing|s)\b",
            r"\b(feel|felt|feeling|going to|about to|might|could|did|do|does) faint\b",
            r"\bpass(ed|d|ing)? out\b",
            r"\bblack(ed|ing)? out\b",
            r"\bkeel(ed|ing)? over\b",
            r"\b(lost|losing|lose) consciousness",
            r"\bunconscious\b",
            r"\bcollaps\w*",
            r"\bunresponsive\b",
            r"\b(went|was|got) (out cold|knocked out)\b",
            r"\bcame (round|to)\b.{0,40}\b(floor|ground|people|standing over)",
            # dizzy, then down: "went woozy and hit the deck", "came over dizzy and dropped"
            r"\b(woozy|dizzy|light ?headed|giddy|faint|funny)\b.{0,25}\b(hit the (deck|floor|ground)|went down|dropped like|"
            r"keeled|crumpled|slumped to|down i went)\b",
        ),
    ),
    (
        "confusion",
        "new confusion",
        (
            r"\b(suddenly|become|became|becoming|getting|gotten|seems?|new|really|very|so|all|is|acting|feel|feels|feeling|and)\s+(very |really |so )?(confused|disoriented|disorientated|muddled)\b(?! (about|by|why|what|which|how|whether|if|with|over))",
            r"\b(sudden|new) confusion\b",
            r"\bconfused (all of a sudden|out of nowhere|out of the blue)\b",
            # "He's confused, which is not his baseline" ("I'm confused" is most often a question)
            r"\b(he|she|they)('s|'re)\s+(very |really |so |more |even more |much more |a lot more )?(confused|disoriented|disorientated|muddled)\b(?! (about|by|why|what|which|how|whether|if|with|over))",
            r"\b(don't|doesn't|didn't|dont|doesnt|didnt|did not|does not) (know|recogni[sz]e)\b.{0,20}\b(where (he|she|i|they) (is|was|am|are)|what (day|year|yr|month) it (is|was)|who (i|he|she) (am|is|was)|me|his own|her own)\b"
            # ("woke from a nap and didn't know what day it was for a second": waking up, gone at once)
            r"(?!.{0,12}\bfor a (split )?(second|sec|moment|minute|min)\b)",
            r"\bkeeps? asking what (day|year|yr|month)\b",
            # "Dad confused x2 today": a relative named with the word, as notes put it
            r"\b(mum|mom|dad|nan|nana|gran|granny|grandad|grandpa|grandma|husband|hubby|wife|partner|son|daughter|"
            r"brother|sister|patient|resident)\s+(very |really |so )?(confused|disoriented|disorientated|muddled)\b"
            r"(?! (about|by|why|what|which|how|whether|if|with|over|me|us|him|her|them|everyone))",
            r"\b(isn't|is not|not) making (any )?sense\b",
            r"\bcan't think straight\b",
            r"\bforgetting where (i am|he is|she is)\b",
            # "my dad is getting lost inside our own house" (e118 tuning)
            r"\b(got|gets|getting|get|gotten) lost (in|inside|around) (his|her|their|our|my|the) own (house|home|flat|street|kitchen)\b",
            # asked of the surroundings, the sentence ending there: "where is this. my arm twitching"
            r"(^|[.!?] )(where am i|where is this( place)?|what is this place)( [?!.]|[?!.]|$)",
            r"\bdisorient\w*",
        ),
    ),
    (
        "head_injury",
        "a head injury",
        (
            r"\b(hit|bumped|banged|bashed|knocked|hurt|injured|smacked|whacked|struck|cracked|bonked|clonked|clipped)\b.{0,20}\bhead\b",
            # "fell against the wall, hitting the side of his head" (not the idiom "hitting my head against a wall")
            r"\b(hitting|smacking|whacking|cracking|bashing|striking)\b.{0,20}\bhead\b(?! (against|on) (a|the) (brick )?wall)",
            # "my head hit the window", "her head smacked off the kerb"
            r"\b(my|his|her|their) head (hit|smacked|banged|bashed|slammed|cracked|went into|struck)\b",
            r"\b(did|just|then|and) (bang|bump|bash|knock|smack|whack) (my|his|her|their) head\b",
            r"\bhead-?butt(ed|ing)?\b",
            # struck by someone or something in play or a fight: "got elbowed in the head at basketball"
            r"\b(elbowed|kneed|kicked|punched|booted|clattered|clobbered|walloped|thumped|clocked|decked) (me |him |her |them )?"
            r"(in|on|across) (the|my|his|her|their) (head|skull|temple)\b",
            r"\bhead (injury|injuries|trauma|wound|knock|bump)",
            r"\bconcuss\w*",
            r"\b(clash(ed|ing)?|bang(ed|ing)?|knock(ed|ing)?|bump(ed|ing)?) heads\b|\bhead (clash|collision)\b",
            r"\b(fell|fall|falling|landed|slipped)\b.{0,40}\b(on|onto)\b.{0,10}\bhead\b",
            r"\bto the (head|noggin|bonce|skull)\b",
            r"\b(land|lands|landed|landing)\b.{0,12}\bon (my|his|her|their|the) (head|noggin|bonce|skull)\b",
            r"\bclash of heads\b",
            # a helmet that took the blow: "face plant off my bike, helmet cracked"
            rf"\bhelmets?{_NOT_A_HELMET_PART}\W+(?:\w+\W+){{0,2}}?{_HELMET_BROKEN}\b|"
            rf"\b{_HELMET_BROKEN} (my |his |her |their |the )?(bike |cycling |riding |ski )?helmet\b{_NOT_A_HELMET_PART}",
            # walking into something at head height: "nursing a bump from walking into a lamppost"
            r"\b(walk(ed|ing)?|ran|run|running) (straight |right |smack |face first |head first )?(in)?to (a|the|an open) "
            r"(lamp ?post|door ?frame|shelf|shelves|cupboard( door)?|kitchen cupboard|beam|low beam|pole|signpost|sign post|"
            r"glass door|branch|low ceiling|street ?light)\b",
            # a headache put down to a knock, told in passing: "headache, but that's from the knock"
            r"\b(headache|head ?ache|sore head|head (hurts|is sore|is pounding|pounding))\b.{0,40}\b(from|since|after) "
            r"(the|that|a|my) (knock|bang|bump|blow|whack|smack|clout|thump)\b(?!\s+(of|out|up|on the door)\b)",
            r"\b(since|after) (the|that|a|my) (knock|bang|bump|blow|whack|smack|clout|thump)\b(?!\s+(of|out|up)\b)"
            r".{0,40}\b(headache|head ?ache|sore head)\b",
        ),
    ),
    (
        "rapid_weakness",
        "weakness spreading quickly",
        (
            r"\bweak\w* (is |has been )?(spreading|spreads|spread|moving|moves|going|goes|went|getting worse|gets worse) "
            r"(very |so |really |too )?(fast|quick|quickly|rapidly|by the hour)\b",
            r"\bweak\w* (is |has been )?(spreading|moving|creeping|climbing|going|travelling|traveling) (up|down|into|through)\b.{0,25}"
            r"\b(fast|quick|quickly|rapidly)\b",
            r"\b(spreading|spread|moving|creeping|coming) (up|on)? ?((really|very|so|super|pretty) )?(fast|quickly|rapidly)\b",
            r"\bweaker (every|by the) hour",
            # "weakness spreading legs to arms in <48h": spread within hours or a day or two
            # (told in the present: "the weakness spread up her legs in a day" is a story)
            r"\bweak\w* ((is |has been )?(spreading|spreads|moving|moves|climbing|climbs|creeping|creeps)|has (spread|moved|climbed|crept))\b.{0,40}?"
            r"(\b(within|in|over|under|in under|in less than) ?|<\s?)(\d{1,2} ?(hours|hrs|hr|h)|(a|one|1|2|two|3|three|a couple of|a few) days?)\b",
            # "the weakness is spreading, was my foot this morning now its up to my hip"
            r"\bweak\w* (is |has been )?(spreading|moving|climbing|creeping)\b.{0,60}\b(this morning|last night|yesterday|"
            r"today|an hour ago|hours ago)\b",
            r"\bweak\w*\b.{0,80}\bnow (it'?s |its |it is )?(up to|up into|reached) (my |his |her |the )?(hips?|waist|chest|knees?|thighs?|"
            r"shoulders?|elbows?|neck|other (arm|leg|side))\b",
            r"\bworse by the hour\b",
            # "legs went weak on monday and now its my arms too"
            r"\bweak\w*\b.{0,40}\b(yesterday|last night|this morning|today|on (mon|tues|wednes|thurs|fri|satur|sun)day|"
            r"(a|one|two|2|three|3) days? ago)\b.{0,30}\bnow (it'?s |its |it is )?(in )?(my |his |her |both )?(arms?|legs?|"
            r"hands?|shoulders?|hips?|face|chest|other (arm|leg|side))( too| as well| also)\b",
            r"\b(suddenly|rapidly) (getting )?weak(er)? (all over|everywhere|in both)",
            r"\b(within|in|over) (a few|a couple of|the last|\d+|one|two|few) (hours|hrs|days?)\b.{0,60}\bweak\w*",
            r"\bweak\w*\b.{0,60}\b(within|in|over) (a few|a couple of|the last|\d+|one|two|few) (hours|hrs|days?)\b.{0,40}\b(spread|moving|now|up|worse|can't|cant|floppy|barely)",
            r"\bweak\w*\b.{0,80}\b(this morning|last night|yesterday|since yesterday|today)\b.{0,60}\b(barely (stand|walk)|can'?t (stand|walk|grip|lift)|couldn'?t walk|moving up|spreading|in my hips|not managing)",
            r"\b(this morning|last night|since yesterday|yesterday)\b.{0,60}\bweak\w*\b.{0,60}\b(barely (stand|walk)|can'?t (stand|walk|grip|lift)|couldn'?t walk|moving up|spreading|worse by the hour|now it's in|not managing)",
            r"\bcouldn'?t walk properly by (this|the) (evening|afternoon|morning)",
            r"\bfrom fine to not (managing|able|coping)",
            r"\b(legs?|arms?)\b.{0,20}\bwent weak and floppy",
            r"\bcan't (walk|stand) (anymore|any more) since (this morning|yesterday|today)",
            # strength lost fast, told without the word "weak": "losing strength fast, legs first"
            r"\blos(ing|t|es) (my |all my |his |her |their )?(strength|power)\b( \w+){0,5}? (fast|quickly|rapidly|by the hour)\b",
            r"\b(fast|quickly|rapidly) los(ing|t) (my |his |her |their )?(strength|power)\b",
        ),
    ),
    (
        "chest_pain",
        "chest pain",
        (
            # not "chest isn't hurting, it's the twitching": a denial between the chest and the word
            r"\bchest\b(?:(?!\b(?:isn't|isnt|is not|doesn't|doesnt|does not|not|no longer|never)\b).){0,20}"
            r"\b(pains?|hurts?|hurting|ache|aching|crush\w*|tight\w*|pressure|heavy|squeez\w*|burning)\b",
            r"\b(pain|tightness|pressure|weight|heaviness|crushing) (in|on|across) (my |his |her )?chest\b",
            r"\bheart attack",
        ),
    ),
    (
        "overdose_poisoning",
        "an overdose or poisoning",
        (
            # not "officially overdosed on Christmas films"
            r"\boverdos\w*\b(?! on (christmas|xmas|films?|movies|tv|telly|netflix|chocolate|sweets|sugar|cake|mince pies|box ?sets?|"
            r"cheese|carbs|sunshine|reality tv|true crime)\b)",
            r"\bre-?dos(ed|ing)\b",  # taking more of a drug again and again
            r"\btaken (a whole|all (of )?(my|the|his|her)|too many)\b.{0,20}\b(pack|pills|tablets|box|bottle)",
            r"\b(took|taken|swallowed|had) (too many|way too many|loads of|a handful of|the whole|a whole|all (of )?(my|his|her|the))\b.{0,25}\b(pills?|tablets?|meds|medicines?|medication|capsules|paracetamol|tylenol|ibuprofen|sleeping)",
            r"\b(drank|swallowed|drunk|ate|eaten|licked) (some |a bit of |the |a |an |one of the |one of my )?(bleach|detergent|antifreeze|weed ?killer|pesticide|rat poison|poison|cleaning|button batter|batter(y|ies)|dishwasher tablet|laundry (pod|capsule|tablet)|washing (pod|capsule|tablet)|white spirit|petrol|lamp oil)",
            r"\b(got into|into) (my |his |her |the )?(pills|medicine|meds|tablets)\b",
            # a count no one takes in a day: "had about 16 ibuprofen over the day", "took 20 paracetamol"
            r"\b(took|taken|swallowed|had|necked|downed) (about |like |around |maybe |nearly |over )?"
            r"(1[2-9]|[2-9]\d|twelve|fifteen|sixteen|twenty\w*|thirty\w*|forty\w*) "
            r"(ibuprofen|paracetamol|tylenol|aspirin|co-?codamol|codeine|tramadol|nurofen|pills|tablets|painkillers|"
            r"antihistamines?|benadryl|piriton|diphenhydramine|sleeping pills)\b",
            # ten or more taken at once (an e127 tuning message: "I took 10 antihistamine tablets last night to
            # sleep", "...took 10 of them last night"); ten over a week is no overdose, so the time is said
            r"\b(took|taken|swallowed|necked|downed) (about |like |around |maybe |nearly |over )?"
            r"(1\d|[2-9]\d|ten|eleven|twelve|fifteen|twenty\w*|thirty\w*) "
            r"(of (them|those|these)|((antihistamine|allergy|sleeping|diazepam|valium) )?"
            r"(pills|tablets|painkillers|antihistamines?|benadryl|piriton|diphenhydramine|paracetamol|ibuprofen))\b"
            r"(?=\W+(?:\w+\W+){0,2}?(last night|at once|in one go|together|all at once|to sleep|tonight)\b)",
            r"(?<!food )\bpoison(ed|ing)\b",
            # a diabetic's whole supply at once: "stops eating and injects everything at once"
            r"\binject(s|ed|ing)? (all|everything|the whole (pen|lot|vial|box)|all (of )?(my|the|his|her) (insulin|pens?))\b"
            r"(?! (of )?(the )?(time|day|week|month|year|way)\b)",
        ),
    ),
    (
        "suicidal",
        "thoughts of ending your life or harming yourself",
        (
            r"\bsuicid\w*",
            # not the exasperated "I could kill myself for forgetting her birthday"
            r"(?<!could )(?<!could have )(?<!could've )\bkill(ing)? myself\b|\bcould (have |'ve )?kill(ed)? myself\b"
            r"(?! (for|over) (forgetting|leaving|missing|losing|dropping|doing that|not|that)\b)",
            # "kill me" unless it is the exasperated aside: "kill me now", "my boss will kill me if...",
            # "...is going to kill me for being on my phone", "...and now my eyelid is twitching, kill me"
            # (a comma before it, nothing after it).
            r"\bkill me\b(?! now\b| (if|when|for)\b)(?!\W*(lol|lmao|jk|haha|pls|plz|please)?\W*$)",
            r"(?<![,.!?;] )(?<![,.!?;])\bkill me\b(?! now\b| (if|when|for)\b)",
            r"\bend(ing)? (it all|my life|my own life|things)\b",
            r"\b(think\w*|thought|want\w*|going|plan\w*) (about |of )?(to )?end(ing)? it\b(?! (with|between|off))",
            r"\bwant to die\b",
            # "I'd rather be dead", "does twitching mean you're dying? part of me hopes it is"
            r"(\b(i'?d|i would|id)|^would|[.!?] would) (honestly |genuinely |really |just )?rather be (dead\b|gone( first)?(?=\W*([.!?;]|$)))",
            # "anyone else's twitching make them wish they were dead? mine does"
            r"\bwish(es|ed)? (i|they|we|you) (was|were|'d been|had been) dead\b",
            r"\bdying\b.{0,40}\b(part of me|i kind of|i kinda|i half|secretly i|i secretly) (hopes?|wish(es)?)\b",
            # fed up with life itself, not with living with the twitch: "so tired of being alive"
            r"\b(tired|sick|weary) of (being alive|existing|living|life(?=\W*$|\W*[.,!?;]| (and|now|itself)\b))\b"
            r"(?! (with|like|in|on|at|off|near|here|this|that)\b)",
            r"\b(don't|dont|do not) want to (be alive|live|be here|wake up|exist)",
            # "I have thoughts of not being alive" (e116 tuning)
            r"\b(thoughts?|thinking|think) (of|about) (not (being alive|being here|living|existing|waking up|wanting to live)|"
            r"no longer (being alive|living|being here))\b",
            # "I have made up my mind that after Sunday I will not be a problem to anyone" (e118 tuning)
            r"\b(i|i'll|ill)( will| shall)? (not|never|no longer|won't|wont) be a (problem|burden|bother|trouble|nuisance) "
            r"(to|for) (any ?one|any ?body|no ?one|nobody|you all|my family|my kids|my children|them)\b"
            r"(?!\W*(if|when|by|because|as long as|once)\b)",
            r"\b(better off without me|no (reason|point) (to|in) (live|living|going on)|take my (own )?life|hurt(ing)? myself|self[- ]?harm\w*"
            r"|cut(ting)? myself|not be around (much longer|anymore))\b",
            # said without the words: nobody would miss them, no reason to go on, never waking up
            r"\b(no ?one|nobody|no body)( would|'d) (even )?(miss me|notice if i (was|were) gone|care if i (was|were) gone)\b",
            r"\b(don't|dont|do not|can't|cant|cannot) see (a|any|the) (reason|point) (to|in) (keep(ing)? going|carry(ing)? on|go(ing)? on|liv\w+|be(ing)? (here|alive))\b",
            r"\bi (just )?(want|wanna|need) to (disappear|vanish)\W+(permanently|forever|for good|for ever)\b",
            r"\b(want|wanna|wish i could|like|just) to (go to )?sleep (forever|for ever|and (never|not) wake up)\b",
            r"\b(don't|dont|do not|stopped|stop) car(e|ing) (whether|if) i live or die\b",
            r"\bwish i (just )?(wouldn'?t|would not|didn'?t|did not|could not|couldn'?t|won'?t|will not) wake up\b",
            # in the words of a translation app: "no more force to live", "I think to finish everything",
            # "the only exit is to end"
            r"\bno (more )?(force|strength|will|energy|wish) (left )?to (live|go on|continue)\b",
            r"\b(think\w*|want\w*|going|decid\w*|plan\w*) (about |of )?(to )?(finish|finishing|end|ending) (everything|it all|all of it|my life)\b",
            r"\b(the )?only (exit|way out|escape|solution) (for me )?(is|would be) (to )?(end|die|death|dying|finish)\b",
            # "I intend to bring things to a close", "if it's that I'll just end it myself"
            r"\b(intend\w*|decided|deciding|going|plan\w*|ready|want\w*|time) to bring (things|it all|everything|my life|it) to "
            r"(a close|an end)\b",
            r"\b(don'?t|dont|do not|not) (plan|planning|intend\w*|expect\w*) (on |to be )?(being )?(here|around|alive)\b"
            r"(?! (for|at) (the|this|that|work|christmas|the weekend)\b)|"
            r"\bend it (all )?myself\b|\b(i'?ll|i will) (just )?end it( all)?\b(?! (with|between|off|for|there|on|at|by|early)\b)",
            r"\b(nod|drift) off and (it'?d|it would|it will|it'?ll) (all )?be over\b|\bfall asleep and (never|not) wake\b",
            r"\b(planning|planned|plan|worked out|working out|thought about) how (i'?d|i would|i will|i'll|i could|to) do it\b",
            # (not a count of time or of drinks: "googled how many days it takes for a twitch to stop")
            r"\b(googled|looked up|searched( up)?|search(ing)?|researched|researching|read up on|checked) how many "
            r"(?!(seconds|minutes|hours|days|nights|weeks|months|years|cups|mugs|glasses|times|people|steps)\b)(\w+ ){0,2}"
            r"(it takes|would|to (die|kill))\b",
            # "I even looked how many pills it needs" (e120 tuning)
            r"\b(googled|looked( up)?|searched( up)?|checked|counted) how many (of )?(my |the |his |her )?(sleeping )?(pills|tablets|meds)"
            r" (it needs|it takes|it would take|you need|would)\b",
            # medicine put by for a plan: "I stocked my medication for a plan" (e120 tuning), "been
            # stockpiling my insulin", "she has been hoarding her tablets"
            r"\b(i|i'?ve|ive|i have|been|he'?s|she'?s|he has|she has|has been|have been)( been)? (stockpil\w*|hoard\w*|"
            r"stocked( up)?|stash\w*|saving up|saved up) (all )?(my|his|her|their) (\w+ )?(pills|tablets|meds|medications?|"
            r"medicines?|insulin|painkillers)\b",
            # "scared of myself", "I don't trust myself tonight": afraid of what one might do
            r"\b(scared|afraid|frightened|terrified) of (myself\b(?!\W*(for|when|because|that|if|lol|haha|ha|lmao)\b)|what i (might|could|would|will) do\b)|"
            r"\b(don'?t|dont|do not|can'?t|cannot) trust myself (tonight|today|right now|anymore|any more|around)\b",
            r"\bhow many (\w+ ){0,3}(would it take|would be (fatal|lethal|deadly|enough to (die|kill|end|not wake)))\b",
            # goodbye notes written or saved: "today I wrote goodbye texts and saved them in drafts"
            r"\b(wrote|written|writing|write|drafted|drafting|saved|typed|typing|recorded|left|leaving) (\w+ ){0,2}"
            r"goodbye (texts?|letters?|notes?|messages?|emails?|videos?)\b",
            r"\b(i'?m|im|i am) (so |just |completely |totally )?(done|finished) with (\w+ ){1,4}and (with )?"
            r"(everything|it all|life|living)\b",
            r"\b(cut\w*|scratch\w*|slic\w*|burn\w*) (at )?my (arms?|wrists?|thighs?|legs?|skin)\b.{0,30}\b(razor|blade|knife|lighter)",
            # "held a knife to my wrist for a long time"
            r"\b(held|holding|hold|put|putting|pressed|pressing) (a|the|my|his|her) (knife|blade|razor|gun)( \w+){0,2} "
            r"(to|against) (my|his|her|their) (wrists?|throat|neck|head|arms?|skin)\b",
            # fresh marks of self-harm seen on someone: "marks on his wrists that weren't there last week"
            r"\b(fresh|new|recent) (cuts|marks|scratches|burns|wounds|scars) on (his|her|my|their) (wrists?|forearms?|arms?|thighs?)\b",
            r"\b(cuts|marks|scratches|burns|wounds) on (his|her|my|their) (wrists?|forearms?|arms?|thighs?)\b.{0,25}"
            r"\b(weren'?t|were not|wasn'?t|was not) there\b",
            # passive wishes and pictures of one's own death: "wish a bus would just hit me",
            # "I keep picturing my own funeral", "I don't see any future for myself"
            r"\b(wish|hope|hoping|praying) (a|the|some) (bus|car|lorry|truck|train|van)\b.{0,25}\b(hit|hits|run|runs|take|takes) me\b",
            r"\b(picture|picturing|imagine|imagining|plan|planning|thinking about) my (own )?funeral\b",
            r"\b(don't|dont|do not|can't|cant|cannot) see (a|any) future (for|in) (me|myself|my life)\b|\bno future for me\b",
            r"\b(think|thinks|thinking|thought) (about|of) jumping\b(?! (in|into|on|onto|over|rope|jacks|ship|the queue|at))",
            # "maybe better I am not here for anybody", "it'd be better if I wasn't around"
            r"\bbetter (for (everyone|everybody|anybody|all of them) )?(if )?i(('m| am| was| were|'d be| would be) "
            r"(not here|gone|not around|no longer here|not alive|dead)|( wasn'?t| weren'?t) (here|around|alive))\b"
            r"(?! (today|tomorrow|tonight|this (week|weekend)|at (work|the)))",
            # "I'd be better off not waking up", "I've the rope bought", "thinking about driving into a
            # wall on the way home" (e122 tuning)
            r"\bbetter off not (waking up|being (here|around|alive)|here|around|alive|existing|living)\b",
            r"\b(i'?ve|ive|i have|i) (got |bought )?(a |the )rope (bought|got|ready|sorted|in the (shed|garage|car|house))\b|"
            r"\b(bought|got|buying|getting) (a |the )rope\b.{0,40}\b(for myself|for me|to end|for the end|peace|over|tonight|goodbye)\b",
            r"\b(think\w*|thought|keep thinking|want\w*|tempted|urge) (about |of )?(to )?(driving|crash\w*|steer\w*|swerv\w*|"
            r"walk\w*|step\w*) (the car |my car |the van )?(into|off|in front of) (a |the )?(wall|tree|bridge|cliff|oncoming|lorry|"
            r"truck|bus|train|traffic|road)\b",
            # "I have the pills counted out on the table", "been looking up ways to do it all night",
            # "stood on the bridge for an hour. I didn't do it", "said my goodbyes to my mam", "the last
            # message I'll send", "I can't see the point anymore", "sorting out my will and my affairs",
            # "giving my stuff away ... I won't be needing them" (e122 tuning)
            r"\b(pills|tablets|meds|painkillers) (are |were )?(all )?(counted|lined|laid|set) out\b",
            r"\b(look\w*|googl\w*|search\w*|research\w*|read\w*) (up )?(ways|methods|how) to (do it|die|end it|end things|kill)\b",
            r"\b(stood|standing|sat|sitting) on (the|a) (bridge|ledge|edge|cliff edge|roof)\b.{0,60}"
            r"\b(didn'?t do it|did not do it|didn'?t jump|to jump|thinking about|for (an|a|the) (hour|while|long time))\b",
            r"\bsaid (my|all my|his|her) (last )?goodbyes\b",
            r"\b(the )?(last|final) message (i'?ll|i will|i'?m going to|im gonna|i'?m gonna) (ever )?send\b",
            r"\b(can'?t|cannot|don'?t|do not) see the point (anymore|any more|of (anything|living|going on|it all))\b",
            r"\b(sort\w*|put\w*|get\w*|got|made) (out )?(my|his|her) will\b.{0,30}\baffairs\b|\baffairs in order\b.{0,60}\b(family|kids|just in case|for when)\b",
            r"\b(giv\w*|gave) (away )?(my|all my|his|her) (stuff|things|belongings|possessions)( away)?\b.{0,80}"
            r"\b(won'?t|will not|wont) be needing\b",
        ),
    ),
    (
        "allergic_reaction",
        "a severe allergic reaction",
        (
            r"\banaphyla\w*",
            r"\b(throat|tongue|lips?|face|mouth|eyes?) (is |are |has |have |keeps? )?(swelling|swollen|puff(ing|ed|y) up|blown up|ballooning)",
            r"\b(swelling|swollen|puffy) (lips?|tongue|throat|face)\b",
            r"\b(throat|tongue|lips?|face|mouth)\W+(is |are )?(becoming|getting|going|gone|got|went) (fat|big|huge|thick|fatter|bigger)\b",
            r"\bepi-?pen\b",
            r"\ballergic reaction\b",
            # "my lips and eyes all swollen", "my face is blowing up ... lips huge" (not "swelled": mostly
            # told as over, "lips swelled after prawns on Saturday, all gone now")
            # (e122 tuning)
            r"\b(lips?|tongue|face|throat)( and (my |his |her |the )?(lips?|eyes?|face|tongue|throat))? (are |is |went |have |has |got )?"
            r"(all |gone |really |very )?(swollen|swelling up|puffing up)\b",
            r"\b(face|lips?|tongue|throat) (is |are |was |were )?(blowing|blown|puffing|ballooning|swelling) up\b",
            r"\blips (are |were )?(huge|massive|enormous|twice the size)\b",
            r"\bhives\b.{0,80}\bthroat\b.{0,20}\b(tight|swell\w*|thick|closing)\b",
        ),
    ),
    (
        "other_emergency",
        "a medical emergency",
        (
            r"\bcoughing (up )?blood",
            r"\bbleeding (heavily|badly|a lot)|\bwon't stop bleeding|\bbleeding\b.{0,20}\bwon't stop",
            r"\bworst headache of (my|his|her) life\b|\bthunderclap headache",
            r"\bmedical emergency\b",
            r"\bcall(ed)? (an )?ambulance\b",
        ),
    ),
)

# The same signs in the languages people mix into English, one entry per sign: romanised Hindi or
# Urdu, Spanish, Portuguese, Tagalog and Arabizi ("papa bol nahi pa rahe", "no puede respirar").
# Hindi puts its "not" after the verb, so each pattern says the sign itself and a "koi dikkat nahi"
# (no trouble) after it is no sign.
_NOT_AFTER = r"(?!\w*\W+(?:\w+\W+)?(" + "|".join(HINDI_NOT) + r")\b)"
MIXED_LANGUAGE_SIGNS: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    (
        "breathing",
        (
            r"\bsaa?ns\W+(?:\w+\W+){0,3}?(nahi|nahin|nhi) (aa|aay|le|li|ho)\w*",
            rf"\bsaa?ns\W+(?:\w+\W+){{0,3}}?(?<!koi )(dikkat|taklee?f|mushkil|phool|ukhad|ruk)\w*{_NOT_AFTER}",
            r"\bno (puedo|puede|pueden|podía|podia) respirar\b|\bme ahogo\b|\bse (está |esta )?ahogando\b|"
            r"\b(me|le) falta el aire\b|\bfalta de aire\b|\bdificultad para respirar\b",
            r"\bsem (ar|f[oô]lego)\b|\bfalta de ar\b|\bn[aã]o (consigo|consegue|t[aá] conseguindo) respirar\b",
            r"\bno me entra el aire\b|\bno (puedo|puede) (agarrar|jalar) aire\b|\bjadeando\b",
            r"\bhirap(ng| na)? (na )?(hirap )?huminga\b|\bhindi (ako |siya )?makahinga\b|\bhingal na hingal\b|\bkinakapos ng hininga\b",
            r"\b(labios|l[aá]bios|labi|lips?)\W+(?:\w+\W+){0,3}?(morad|roxo|blue|asul|nag-?aasul)\w*",
        ),
    ),
    (
        "swallowing",
        (
            r"\bnigal\w*\W+(?:\w+\W+){0,3}?(nahi|nahin|nhi) (pa|paa|ho|ja)\w*",
            r"\bno (puedo|puede|podía|podia) tragar\b|\batragant\w*",
            r"\bse me atora\b|\bse (me |le )?regresa por la nariz\b",
            r"\bn[aã]o desce nada\b|\bengasg\w*|\bn[aã]o (t[aá] |est[aá] )?(consigo|consegue|conseguindo) engolir\b|\btrava na garganta\b",
            r"\bnigl[aie] nahi\b|\b(paani|pani|khana)\W+(?:\w+\W+){0,2}?nahi utar\w*|\batak gayi gale\b",
            r"\bhirap(ng)? lumunok\b|\bhindi (ako |siya )?makalunok\b",
        ),
    ),
    (
        "speech",
        (
            r"\b(bol|bolne)\w*\W+(?:\w+\W+){0,2}?(nahi|nahin|nhi) (pa|paa|ho)\w*",
            r"\b(zubaa?n|zuban|awaa?z|aawaz|words|shabd)\W+(?:\w+\W+){0,2}?(ladkhad|ladkhar|atak|ladkha)\w*",
            r"\bno (puede|puedo|podía|podia) hablar\b|\bhabla (raro|rara|extraño|mal)\b|\barrastra las palabras\b|"
            r"\bno se le entiende\b",
            r"\bfala (pastosa|enrolada|arrastada|estranha)\b|\bfalando (tudo )?(enrolado|estranho|coisa sem sentido)\b|\benrolando a l[ií]ngua\b",
            r"\b(palabras )?se me traban\b|\bno me salen las palabras\b",
            r"\bbulol\b|\bhirap(ng)? magsalita\b|\bhindi (siya |ako )?makapagsalita\b",
            r"\bbol hi nahi\b|\bspeech slur\w*",
        ),
    ),
    (
        "one_sided",
        (
            rf"\b(chehra|chehre|munh|muh|moonh|honth)\W+(?:\w+\W+){{0,3}}?(tedha|tedhi|tedhe|tircha|latak|jhuk)\w*{_NOT_AFTER}",
            r"\b(cara|boca)\W+(?:\w+\W+){0,2}?(caída|caida|chueca|torcida|de lado)\b",
            rf"\bek (taraf|side)\W+(?:\w+\W+){{0,3}}?(kamzor|sunn|latak|kaam nahi)\w*{_NOT_AFTER}",
            r"\b(boca|cara) torta\b|\bderrame\b|\bembolia\b|\bse le (cay[oó]|cae) (un lado de )?la cara\b|\bboca torcida\b",
            r"\bno (puede|puedo) mover el brazo\b|\bn[aã]o consegue (levantar|mexer) o bra[cç]o\b",
            r"\btabingi ang mukha\b|\bna-?stroke\b|\bhindi (ko |niya )?maiangat\b",
            r"\b(face|wesh|wish) mayel\b|\bjal[t6]a\b",
        ),
    ),
    (
        "chest_pain",
        (
            rf"\b(seene|seena|sine|chhati|chaati|chati)\W+(?:\w+\W+){{0,2}}?(dard|dabav|dabaav|jakdan|bhaari)\w*{_NOT_AFTER}",
            r"\bdolor (de|en el) pecho\b|\b(me|le) duele el pecho\b|\bopresi[oó]n en el pecho\b",
            r"\bdor (forte )?no peito\b|\baperto no peito\b|\bme aprieta el pecho\b",
            r"\b(masakit|bigat)\W+(?:\w+\W+){0,2}?dibdib\b|\bdibdib\W+(?:\w+\W+){0,3}?masakit\b",
            rf"\bchest mein (pressure|dard|bhaari)\w*{_NOT_AFTER}",
        ),
    ),
    (
        "fainting",
        (
            rf"\bbehosh\w*{_NOT_AFTER}",
            r"(?<!casi me )(?<!casi se )\bdesmay\w*|\bperdi[oó] el conocimiento\b",
            r"\bdesmai\w*|\bapag(uei|ou)\b|\bperdeu os sentidos\b",
            r"\bnahimatay\b|\bnag-?blackout\b|\bnawalan ng malay\b",
        ),
    ),
    (
        "seizure",
        (
            rf"\b(daura|dauraa|daure|mirgi)\b{_NOT_AFTER}",
            r"\bconvulsi\w*",
            r"\bse debatendo\b|\bolho revirado\b|\bkumikisay\b|\bnangingisay\b|\bjhatke aa rahe\b",
        ),
    ),
    (
        "confusion",
        (
            r"\b(pehchaa?n|pehchan) nahi\b",
            r"\bdesorientad\w*|\bno (me |nos |la |lo )?reconoce\b",
            r"\bn[aã]o sabe onde (t[aá]|est[aá])\b|\bfalando coisa sem sentido\b|\bmuito confus[ao]\b",
            r"\bconfundid[ao] de repente\b|\bwala sa sarili\b|\bhindi alam kung anong araw\b",
            r"\bsamajh nahi aa raha\b",
        ),
    ),
    (
        "head_injury",
        (
            rf"\b(sir|sar)\W+(?:\w+\W+){{0,2}}?(pe|par|mein|me) (chot|lag|takra|phat|fat)\w*{_NOT_AFTER}",
            r"\b(golpe|golpe[oó]|golpe[eé]|pegu[eé]|peg[oó]|dio)\w* (en|con|contra) la cabeza\b",
            r"\b(bat(eu|i)|caiu|bolada)\W+(?:\w+\W+){0,4}?(na |a )?(minha |sua )?cabe[cç]a\b",
            r"\b(me di|se dio|se peg[oó]|me pegu[eé]|se golpe[oó]|me golpe[eé])\W+(?:\w+\W+){0,2}?(la )?(cabeza|nuca)\b",
            r"\btumama (ang |yung )?ulo\b|\bnauntog\b|\bnagkauntugan\b|\bulo sa ulo\b",
            r"\bsar (pe|par|mein)\W+(?:\w+\W+){0,3}?(laga|lagi|goomar|gumar)\b",
        ),
    ),
    (
        "rapid_weakness",
        (
            r"\bkamzori\W+(?:\w+\W+){0,4}?(badh|fail|phail|tezi)\w*",
            r"\bdebilidad\W+(?:\w+\W+){0,4}?(se extiende|sube|avanza)\b",
            r"\bfraqueza\W+(?:\w+\W+){0,4}?subiu\b|\bmahina\W+(?:\w+\W+){0,6}?kumalat\b",
        ),
    ),
    (
        "overdose_poisoning",
        (
            r"\b(zyada|jyada|bahut saari|saari|sab) (goliyan|goliyaan|dawai|dawaiyan)\W+(?:\w+\W+){0,2}?(kha|le|li|nigal)\w*",
            r"\bsobredosis\b|\benvenen\w*|\bse tom[oó] (todas|muchas) las pastillas\b|\bme tom[eé] (todas|muchas) las pastillas\b",
            r"\b(bebeu|tomou|comeu)\W+(?:\w+\W+){0,2}?(produto de limpeza|veneno|remédios dela duas vezes)\b",
            r"\bse comi[oó] (unas |las )?pastillas\b|\bme tom[eé] como \d+ pastillas\b",
            r"\brat poison\b|\blason\b|\bnakalunok ng\b",
            r"\bgoliyan kha gay[aie]\b|\bdawai\W+(?:\w+\W+){0,3}?do baar\b",
        ),
    ),
    (
        "suicidal",
        (
            r"\b(marna|mar jaana|mar jana|jeena nahi|jeena nahin) (chaht|chahti|chahta|chahte)\w*|\bmar jaa?u\b|"
            r"\bjeene ka (mann|man) nahi\b|\bkhudkushi\b|\baatmahatya\b|\batmahatya\b",
            r"\bsuicidar\w*|\bquitarme la vida\b|\bno quiero (vivir|seguir viviendo)\b|\bmatarme\b|\bme quiero morir\b",
            r"\bn[aã]o quer(o)? mais viver\b|\bme (machucar|matar)\b|\bacabar com (tudo|a minha vida|minha vida)\b",
            r"\bayoko na\b|\bmas maganda (pag|kung) wala na ako\b|\bhindi na magising\b|\bmagpakamatay\b",
            r"\bkab sab khatam\b|\bnahi jeena\b|\baankh na khule\b|\bburden hoon\b",
        ),
    ),
    (
        "allergic_reaction",
        (
            r"\b(honth|hont|hoth|chehra|chehre|gala|gale|zubaan|jeebh)\w*\W+(?:\w+\W+){0,2}?(sooj|suj)\w*",
            r"\b(labios|lengua|cara|garganta) (hinchad\w*|se (me |le )?(hincha|cierra))\b|\bse me cierra la garganta\b",
            r"\bnamamaga\W+(?:\w+\W+){0,2}?(labi|dila|lalamunan|mukha)\b",
            r"\b(boca|l[ií]ngua|garganta|l[aá]bios)\W+(?:\w+\W+){0,2}?inchad\w*",
        ),
    ),
)

# A general question ("is a twitch ever a sign of a stroke?") reports nothing about
# anyone: the sign counts only when the message is about a person.
PERSONAL = re.compile(
    r"\b(i|i'm|im|i've|ive|i'd|me|my|mine|myself|we|our|us|he|she|his|her|him|they|their|them|"
    r"mum|mom|mother|dad|father|son|daughter|husband|wife|partner|baby|child|kid|grandad|"
    r"grandpa|grandma|nan|granny|friend|brother|sister|boyfriend|girlfriend|patient|"
    # and in the Hindi and Spanish people mix in
    r"mera|meri|mere|mujhe|mai|hum|uska|uski|unka|unki|papa|mummy|maa|bhai|behen|beti|bete|nani|dadi|"
    r"mi|mis|yo|su|mam[aá]|pap[aá]|hijo|hija|abuela|abuelo|esposo|esposa|hermano|hermana)\b"
)
QUESTION = re.compile(r"^\W*(what|what's|whats|how|is|are|can|could|does|do|should|will|would|why|when|which)\b")

_MIXED = dict(MIXED_LANGUAGE_SIGNS)
# Each pattern screened by the strings it cannot match without (twitchcare/regex_literals.py):
# the same findings, without running most patterns on most messages.
_COMPILED = tuple(
    (sid, label, tuple(Screened(re.compile(p)) for p in (*pats, *_MIXED.get(sid, ()))))
    for sid, label, pats in EMERGENCY_SIGNS
)
_SIGN_NEEDS = {sid: required_by_any(patterns) for sid, _, patterns in _COMPILED}  # a whole sign skipped at once
SIGN_LABELS = {sid: label for sid, label, _ in EMERGENCY_SIGNS}


@dataclass(frozen=True)
class EmergencySign:
    id: str
    label: str
    text: str


def is_denied(before: str) -> bool:
    """A clear denial shortly before a phrase (the text up to it), in the same clause, without doubt."""
    return denies(words(before))


# "I don't know if I actually blacked out", "I might have passed out for a second": whether the
# person was out at all is in doubt, which the policy reads as unsure about the signs (urgent),
# not as the sign; the detector's model and the safety question decide (blind vignette writers
# label these urgent).
DOUBTED_FAINT = re.compile(
    r"\b((not sure|unsure|(don't|dont|do not) know|can't tell|cant tell|no idea|not certain)( if| whether)? "
    r"(i|he|she|they|we|you)( actually| actualy| really| properly| fully)?( (fell|fall|tripped|slipped|sat down) or)?"
    r"|(don't|dont|do not) think (i|he|she|they|we)( actually| actualy| really| properly| fully)?"
    r"|(didn't|didnt|did not) see (if|whether) (i|he|she|they|we)( actually| really| properly| fully)?"
    r"|(might|may|could)( have|'ve| of)( actually| briefly)?) $"
)


# "I nearly fainted", "almost passed out": a near-faint is not the sign. Every labelled tuning
# message that says only this once is a non-emergency (idioms, resolved spells, vignettes the
# writers call urgent). Near-faints that keep coming ("keeps nearly passing out") are all labelled
# emergencies, so they stay the sign.
NEAR_FAINT = re.compile(
    r"(?<!keep )(?<!keeps )(?<!kept )(?<!keeping )\b(nearly|almost|near to|close to)( (have|'ve|of))? $"
)

# "does a bit of wheeze from a cold count as trouble breathing?", "I do not think it is what you
# mean by slurred speech", "what is seizure": the person asks whether what they have is the sign,
# which the policy reads as unsure about the signs (urgent); the detector's model and the safety
# question decide.
QUERIED_SIGN = re.compile(
    r"\b(counts?|counted|qualif(y|ies)|classed|class) as( an?| the)?( new| recent| sudden)? $"
    r"|\bwhat (you|u) mean by( an?| the)?( new| recent| sudden)? $"
    # "I dont know what all them words mean. what is seizure" (a w104 tuning vignette)
    r"|\bwhat('s| is| are)( an?| the)? $"
    # "How will I know if it's slurred speech?" (an a99 tuning answer)
    r"|\b" + HOW_TO_TELL + r"( if| whether| when)?( it'?s| it is| this is| that'?s)?( an?| the)? $"
)


# "my thigh is literally having a seizure": a muscle's flicker put strongly, not a fit (from the
# w45 tuning vignettes).
MUSCLE_SEIZURE = re.compile(
    r"\b(thigh|calf|knee|eyelid|eye|muscle|leg|arm|lip|hand|foot|finger|toe|cheek)s? (is |are )?"
    r"(literally |basically |like |kind of |sort of )?(having|has|had|doing) (an? |its own |a little |a mini )(full[- ]on |proper |right |massive |mini |little )?$"
)


# Figures of speech around a sign's words (from the e79 and e82 tuning writers): "nearly had a fit when
# she saw it", "giving her a heart attack", "nearly had a heart attack when ...", "the diagnosis is
# hard to swallow". (Not "'d": "he'd had a fit" is a fit.)
FIGURATIVE_BEFORE = {
    "seizure": re.compile(
        r"\b(nearly|almost|practically|just about|going to|gonna|would|will|'ll)\s+"
        r"((had|have|has|having|throw|throws|threw|thrown|throwing)\s+)?$"
    ),
    "chest_pain": re.compile(
        r"\b((nearly|almost|practically|just about) (had|have|having|gave|give|giving)( (me|her|him|us|them))?|"
        r"(giving|gave|give|gives) (me|her|him|us|them|everyone|everybody)) an?\s+$"
    ),
    "swallowing": re.compile(
        r"\b(news|diagnosis|price|prices|truth|bill|idea|fact|verdict|advice|excuse|explanation|results?|answer|story)"
        r"\W+((is|was|are|were|seems?|'s)\W+)?((a bit|bit|very|really|quite|so|pretty|rather|kind of|kinda)\W+)?$"
    ),
}
# ...and a saying quoted: "'Hard to swallow', my grandmother says about the diagnosis".
QUOTED_SAYING = re.compile(r"^['\u2019\"]")


def _figurative(sid: str, text: str, start: int, end: int) -> bool:
    before = FIGURATIVE_BEFORE.get(sid)
    return bool(before and before.search(text[max(0, start - 60) : start])) or (
        sid == "swallowing" and bool(QUOTED_SAYING.match(text[end : end + 1]))
    )


def _doubted(sid: str, text: str, start: int) -> bool:
    before = text[max(0, start - 60) : start]
    if QUERIED_SIGN.search(before):
        return True
    if sid == "seizure" and MUSCLE_SEIZURE.search(before):
        return True
    return sid == "fainting" and bool(DOUBTED_FAINT.search(before) or NEAR_FAINT.search(before))


def find_emergency_signs(text: str) -> List[EmergencySign]:
    """Emergency signs reported in `text`, in table order, each at most once."""
    if not text:
        return []
    t = normalise(text)
    if t.startswith("/"):  # a button payload such as /affirm carries no free text
        return []
    if QUESTION.search(t) and not PERSONAL.search(t):
        return []
    found: List[EmergencySign] = []
    for sid, label, patterns in _COMPILED:
        if not possible(_SIGN_NEEDS[sid], t):
            continue
        for pat in patterns:
            if not pat.possible(t):
                continue
            m = next(
                (
                    m
                    for m in pat.pattern.finditer(t)
                    if not is_denied(t[: m.start()])
                    and not _doubted(sid, t, m.start())
                    and not _figurative(sid, t, m.start(), m.end())
                ),
                None,
            )
            if m:
                found.append(EmergencySign(sid, label, m.group(0)))
                break
    return found


def mentioned_signs(text: str) -> List[str]:
    """Ids of the signs a message mentions at all, whatever the tense or mood ("I fainted in
    2009", "could a twitch turn into a stroke?"): what a reply that does not escalate should
    still say plainly when to call for help about."""
    t = normalise(text or "")
    if not t or t.startswith("/"):
        return []
    return [
        sid for sid, _, patterns in _COMPILED if possible(_SIGN_NEEDS[sid], t) and any(p.search(t) for p in patterns)
    ]


# Words that say something is wrong with someone, for the safety check on messages the
# assistant cannot place ("something's really wrong with my dad").
PROBLEM = re.compile(
    r"\b(pain\w*|hurt\w*|ache?s?|aching|can't|cant|cannot|couldn't|won't|unable|feel\w*|felt|weird|wrong|strange|"
    r"funny|off|scared|frightened|worried|panic\w*|help|bad|worse|sick|ill|numb|weak\w*|dizzy|faint\w*|"
    r"swollen|swelling|blue|grey|pale|cold|shaking|fell|fallen|fall|happening|happened|emergency|ambulance)\b"
)


def reads_as_personal_problem(text: str) -> bool:
    """A statement (not a question) about someone's own problem: "my dad is acting really
    strange", not "what causes twitching?"."""
    t = normalise(text or "")
    if not t or t.startswith("/") or QUESTION.search(t):
        return False
    return bool(PERSONAL.search(t) and PROBLEM.search(t))


DOSE_REQUEST = re.compile(
    # (a dose named as a time, "after her last dose", "my morning dose", asks for no amount; nor does
    # a "dosette box")
    r"(?<!last )(?<!next )(?<!morning )(?<!evening )(?<!night )(?<!bedtime )(?<!missed )"
    r"\b((dose|doses|dosage|dosing)(?!\w)|how much .{0,40}\b(take|have|give|use)\b|how many (mg|milligrams?|mcg|iu|units|pills?|tablets?|capsules?)"
    r"|\d+\s?(mg|mcg|milligrams?|iu)\b|what strength(?! (exercises?|training|workouts?|moves|work))|maximum amount|how often should i take)"
)


# A dose named only as something a doctor changes ("would lowering the dose help", "who decides
# the dose", "his dose was increased") asks for no amount: the question is answered.
DOSE_CHANGED = re.compile(
    r"\b(lower\w*|reduc\w*|increas\w*|chang\w*|adjust\w*|decid\w*|upp(ed|ing)|rais\w*|cut\w*|review\w*)\s+"
    r"((the|my|his|her|their|your|a) )?(\w+\s+){0,2}(dose|doses|dosage)\b|"
    r"\b(dose|doses|dosage)\b(\s+\w+){0,3}\s+(was|were|is|got|been|being)\s+"
    r"(lowered|reduced|increased|changed|adjusted|upped|raised|cut|doubled|halved)\b|"
    r"\b(dose|doses|dosage)\b(\s+\w+){0,2}\s+(went|gone|has gone|was put|got put|goes) (up|down)\b"
)


# "I'm on levothyroxine 100mcg", "metformin 500mg three times a day." told in a statement: the
# person's own prescription, background to another question, asks for no amount. Blind writers with
# a long-term condition list their medicines this way in almost every question.
AMOUNT = re.compile(r"\d+(\.\d+)?\s?(mg|mcg|milligrams?|iu)\b")
AMOUNT_TAKEN = re.compile(
    r"(?<!should i )(?<!can i )(?<!could i )(?<!do i )(?<!would i )(?<!to )(?<!be )(?<!would )(?<!will )(?<!does )(?<!if )(?<!try )"
    r"\b(take|takes|taking|on|started|prescribed|using)\b[^.?!;]{0,40}$"
)
ASKS_ABOUT_AMOUNT = re.compile(
    r"\b(too (much|many|high|low|strong)|safe (amount|dose|to take)|overdo\w*|enough|right amount|more or less|"
    r"instead of|should (i|he|she|we) (take|be taking|up|increase|lower)|how much|how many)\b"
)


def _stated_amount(t: str, m: re.Match[str]) -> bool:
    """An amount told as the person's own prescription, in a sentence that asks nothing about it."""
    start, _ = sentence_span(t, m.start())
    in_brackets = t.rfind("(", start, m.start()) > t.rfind(")", start, m.start())
    told = in_brackets or bool(AMOUNT_TAKEN.search(t[start : m.start()]))
    return told and bool(AMOUNT.fullmatch(m.group(0))) and not ASKS_ABOUT_AMOUNT.search(t)


def asks_for_dose(text: str) -> bool:
    """True when someone asks how much of a medicine or supplement to take."""
    t = normalise(text or "")
    if not t:
        return False
    changed = [m.span() for m in DOSE_CHANGED.finditer(t)]
    return any(
        not any(start <= m.start() and m.end() <= end for start, end in changed) and not _stated_amount(t, m)
        for m in DOSE_REQUEST.finditer(t)
    )


def names_dose_change_only(text: str) -> bool:
    """A dose is named, but only as something changed or decided by a doctor."""
    t = normalise(text or "")
    return bool(DOSE_CHANGED.search(t)) and not asks_for_dose(t)


DIAGNOSIS_REQUEST = re.compile(
    r"\b(do i have|have i got|could (it|this|i) (be|have)|is (it|this) (a sign|a symptom|because)|am i (dying|sick|ill)"
    r"|do you think (i|it|this)|does (this|it) mean (i|it)|is this (als|ms|serious)|should i be worried)\b"
)


def asks_for_diagnosis(text: str) -> bool:
    """True for "do I have ALS?"-style questions, which the assistant must not answer with a yes or no."""
    return bool(text) and bool(DIAGNOSIS_REQUEST.search(normalise(text)))
