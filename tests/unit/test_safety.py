"""Emergency signs are caught in lay words, and clear denials are respected."""

from pathlib import Path

import pytest

from twitchcare import yaml_files
from twitchcare.safety import asks_for_diagnosis, asks_for_dose, find_emergency_signs

EMERGENCIES = [
    ("I can't breathe properly and my chest muscles twitch", "breathing"),
    ("having trouble breathing", "breathing"),
    ("im short of breath and twitching", "breathing"),
    ("it's hard to swallow since this morning", "swallowing"),
    ("my husband can't stop twitching and has trouble swallowing", "swallowing"),
    ("I keep choking on water", "swallowing"),
    ("my speech is slurred", "speech"),
    ("she is slurring her words", "speech"),
    ("I suddenly can't speak properly", "speech"),
    ("my face is drooping on one side", "one_sided"),
    ("the left side of my face went numb", "one_sided"),
    ("sudden weakness in my right arm and leg", "one_sided"),
    ("his smile looks crooked", "one_sided"),
    ("I think I'm having a stroke", "one_sided"),
    ("numb 1 side, face + arm", "one_sided"),  # shorthand (the a36 tuning answers)
    ("she had a seizure", "seizure"),
    ("my son is having a fit", "seizure"),
    ("jerking then convulsions", "seizure"),
    ("I fainted after the twitching", "fainting"),
    ("he passed out", "fainting"),
    ("I feel like I'm going to faint", "fainting"),
    ("my dad suddenly seems confused and twitchy", "confusion"),
    ("she's confused, which isn't like her", "confusion"),
    ("he had a fit while he was eating", "seizure"),
    ("I think he'd had a fit before I got there", "seizure"),
    ("I find it hard to swallow pills now", "swallowing"),
    ("I hit my head yesterday and now my arm twitches", "head_injury"),
    ("twitching since my concussion", "head_injury"),
    ("a headache, but that's from the knock on Friday", "head_injury"),  # told in passing
    ("the weakness is spreading fast", "rapid_weakness"),
    # within hours or a day or two, as notes put it (the a78 tuning writer)
    ("weakness spreading legs→arms in <48h", "rapid_weakness"),
    ("the weakness has spread to my arms in a day", "rapid_weakness"),
    ("Dad confused x2 today, didnt know what yr it is", "confusion"),
    ("my right arm just went weak out of nowhere, cant even lift my mug with it", "one_sided"),
    ("sudden weakness in my leg", "one_sided"),
    ("weakness was in my hand on monday NOW ITS UP TO MY SHOULDER AND THE OTHER ARM!!!", "rapid_weakness"),
    # the forty-third and forty-fourth rounds' tuning writers (e89, a82)
    ("since tuesday swallowing is a struggle, everything takes 3 goes", "swallowing"),
    ("Would rather be dead than go through what my uncle went through with MND. Thinking about it a lot", "suicidal"),
    ("does twitching mean youre dying? part of me hopes it is tbh", "suicidal"),
    ("he's more muddled than he was this morning", "confusion"),
    ("legs went weak on monday and now its my arms too", "rapid_weakness"),
    # the forty-sixth round's tuning writers (e96)
    ("honestly I'd rather be gone first.", "suicidal"),
    ("does anyone else's twitching make them wish they were dead? mine does", "suicidal"),
    # the forty-fifth round's tuning writer (a87)
    ("my legs were fine on friday and now my arms are going weak, it's spreading really fast", "rapid_weakness"),
    ("getting weaker by the hour", "rapid_weakness"),
    ("twitching and chest pain", "chest_pain"),
    ("I want to kill myself", "suicidal"),
    ("if I'm honest I've been thinking about ending it lately", "suicidal"),
    # said without the words
    ("honestly no one would even notice if i was gone", "suicidal"),
    ("I don't see a reason to keep going anymore", "suicidal"),
    ("i want to disappear. permanently", "suicidal"),
    ("I just want to go to sleep and never wake up", "suicidal"),
    ("stopped caring whether i live or die", "suicidal"),
    ("been cutting my wrists with a razor blade to cope", "suicidal"),
    ("the weakness is spreading up my arm really fast", "rapid_weakness"),
    ("no weakness and I can't breathe", "breathing"),
    ("I'm not sure, maybe I have trouble swallowing", "swallowing"),
    # passive wishes and pictures of one's own death
    ("some days I hope a bus takes me out and hits me", "suicidal"),
    ("I lie awake imagining my own funeral", "suicidal"),
    ("I can't see any future for myself anymore", "suicidal"),
    ("keep thinking about jumping from the bridge", "suicidal"),
    # one side's limbs against the other, now
    ("since lunch my right arm and leg feel weaker than the left", "one_sided"),
    # struck in play or a fight
    ("took a knock at hockey, got kneed in the head, bit woozy", "head_injury"),
    ("someone punched him on the head outside the pub", "head_injury"),
    # two parts of one side; a count of tablets no one takes in a day
    ("cant feel my left hand or left foot. twitching was in that side for weeks", "one_sided"),
    ("his right arm and right leg have gone numb", "one_sided"),
    ("had about 16 ibuprofen over the day for my knee. stomach on fire", "overdose_poisoning"),
    ("took 20 paracetamol an hour ago", "overdose_poisoning"),
    # intent said as a decision or a condition (e52's tuning misses)
    ("I've made up my mind, I intend to bring things to a close this week", "suicidal"),
    ("if the tests say MND I'll just end it", "suicidal"),
    ("I would end it myself before it got that far", "suicidal"),
    ("I could kill myself some days", "suicidal"),
    ("I don't plan on being here in a fortnight", "suicidal"),
    ("help. cnt get enuf air in", "breathing"),  # text-speak spelt by sound (e54)
    # e55's tuning misses: goodbye notes, a lethal count asked, a whole supply injected, a walk into
    # something at head height, dizzy then down
    ("today I wrote goodbye texts and saved them in drafts", "suicidal"),
    ("how many of my pills would it take, asking for me", "suicidal"),
    ("I'm done with these migraines and with everything", "suicidal"),
    ("he stopped eating and injected all his insulin", "overdose_poisoning"),
    ("nursing a bump from walking into a lamppost yesterday", "head_injury"),
    ("ran straight into the kitchen cupboard door this morning", "head_injury"),
    ("went woozy and hit the deck at work on Tuesday", "fainting"),
    # e57 and a50's tuning misses: strength lost fast without the word "weak"; numb on one side
    # said in shorthand
    ("losing strength fast, legs first then back", "rapid_weakness"),
    ("lost all my strength in my legs really fast", "rapid_weakness"),
    ("The weakness goes very quick, yesterday the foot, today the leg", "rapid_weakness"),
    ("I can not take a full breath since a few hours", "breathing"),
    ("last night I held a knife to my wrist for a long time", "suicidal"),
    ("one whole side of me is numb-ish", "one_sided"),
    ("the weakness is spreading, was my foot this morning now its up to my hip", "rapid_weakness"),
    ("legs weak since lunch, now it's up to my waist", "rapid_weakness"),
    ("R cheek numb, just that side", "one_sided"),
    # a52's: signs told inside a story
    ("she said I sounded drunk, my words are coming out all mushy", "speech"),
    ("twenty minutes ago my whole right side went numb, face and arm", "one_sided"),
    ("in the last hour my left arm has gone heavy and useless", "one_sided"),
    # e61 (autocorrect slips), twenty-ninth batch
    ("Got a knock to the heat *head from a swinging door last night", "head_injury"),
    ("so tired of being alive honestly, the twitching is the least of it", "suicidal"),
    # e116 (Arabic L1), fifty-sixth batch
    ("Since my divorce I have thoughts of not being alive, they come more and more", "suicidal"),
    ("I keep thinking about not waking up", "suicidal"),
    ("not sure what im typing. where is this. my arm twitching", "confusion"),
    ("where am i? my hand keeps jumping", "confusion"),
    # e118 (Hindi or Urdu L1), fifty-seventh batch
    ("I have made up my mind that after Sunday I will not be a problem to anyone", "suicidal"),
    ("I won't be a burden to my family much longer", "suicidal"),
    ("From 2 days my dad is getting lost inside our own house", "confusion"),
    ("food feels like it gets stuck since this afternoon", "swallowing"),
    # e120 (French L1), fifty-eighth batch
    ("I'm quite depressed, I stocked my medication for a plan, I don't want to say more", "suicidal"),
    ("she has been hoarding her tablets", "suicidal"),
    ("I even looked how many pills it needs", "suicidal"),
    ("I googled how many paracetamol it takes", "suicidal"),
    # e122 (Irish English), fifty-ninth batch
    ("I've the rope bought and I just want peace", "suicidal"),
    ("some nights I think about driving into a tree on the way home", "suicidal"),
    ("I'd be better off not waking up tomorrow", "suicidal"),
    ("the tablets are all counted out on the table", "suicidal"),
    ("I spent the night looking up ways to do it", "suicidal"),
    ("I stood on the bridge for an hour last night, I didn't do it", "suicidal"),
    ("I said my goodbyes to my sister today", "suicidal"),
    ("this is the last message I'll send", "suicidal"),
    ("honestly I can't see the point anymore", "suicidal"),
    ("giving my things away to the nephews, sure I won't be needing them", "suicidal"),
    ("his lips and eyes are all swollen since the new tablets", "allergic_reaction"),
    ("my face is blowing up after the nuts", "allergic_reaction"),
    ("her lips are massive after the satay", "allergic_reaction"),
    ("came out in hives after dinner and his throat feels tight", "allergic_reaction"),
    # e63 (watching over a video call), thirtieth batch
    ("On video tonight I spotted marks on his wrists that weren't there last week", "suicidal"),
    ("there are fresh cuts on her forearms", "suicidal"),
    # a whole child going stiff and shaking; slurring described (thirty-third batch's tuning writer)
    ("my son has a high fever and he became stiff and shaking just now", "seizure"),
    ("my words are running into each other since this morning", "speech"),
]

NOT_EMERGENCIES = [
    # a swelling told as over, a point not seen in one thing (e122 tuning)
    "my lips swelled after prawns on Saturday, all gone now",
    "I can't see the point of the physio exercises",
    "I said goodbye to my mam at the airport",
    "I'm giving my old things away to charity before the move",
    "I googled how many days it takes for an eyelid twitch to stop",
    "I stocked up on magnesium tablets last week",
    "I've been collecting my tablets from the pharmacy every month",
    "the pharmacy has stocked my medication again",
    "he got lost in the new hospital's car park, it's a maze",
    "I will not be a problem to anyone if I just book a routine GP slot, right?",
    "chest isn't hurting, it's the twitching in my shoulder blade I want to ask about",
    "Officially overdosed on Christmas films this week, lol, and now my legs are twitching",
    "I'd rather be gone by five before the traffic starts, is twitching worth a GP visit?",
    "this twitch in my eye wont give me any breathing space, 3 days now",
    "I could sleep forever after that shift lol",
    "I want this twitch to disappear for good",
    "a headache from the bang of the music next door",
    "my eyelid keeps twitching",
    "no trouble breathing or swallowing",
    "I don't have any difficulty swallowing",
    "never fainted",
    "no seizures, no fainting",
    "a faint twitch in my thumb",
    "my eyelid droops a bit when it twitches",
    "twitching on one side of my face",
    "I'm confused about what causes twitching",
    "he's confused about why his eye twitches",
    # figures of speech (the e79 and e82 tuning writers)
    "my aunt nearly had a fit when she saw the bill",
    "my eyelid is having a full on seizure right now lol how do I make it stop",
    "I can't breathe a word of this to my mum but my thigh keeps twitching",
    "dad confused me with his story about the twitching",
    # a past story of weakness that climbed is no rapid weakness now
    "I had Guillain-Barre back in 2011, the weakness climbed up my legs in a day and half",
    "you're giving me a heart attack with all these questions",
    "almost had a heart attack when the alarm went off, anyway my calf twitches",
    "the news was hard to swallow",
    "'hard to swallow', my uncle says about the results",
    "I end my day with coffee",
    "thinking about ending it with my boyfriend",
    "thinking about jumping into the lake for a swim",
    "my left leg is weaker than the right but it has been that way for years",
    "my foot went numb on that side of the bed",
    "my right leg went dead after sitting cross-legged",
    "losing strength in my grip slowly over months",
    "I can't see a future where this twitch bothers me",
    "i dident faint, just felt hot",
    "what is a fasciculation",
    "/affirm",
    "",
    "my left hand and right foot twitch",
    "my right arm and right leg have been weak for years, the neurologist knows",
    "had 2 ibuprofen for my knee",
    "took 12 days off work",
    "I'll end it there, thanks for your help",
    "I'll end it with a stretch before bed",
    "we want to bring the meeting to a close early",
    "I could kill myself for forgetting my sister's birthday",
    "I don't plan on being here for the meeting",
    "I inject all the time, it's my insulin",
    "I walked into the kitchen and my calf twitched",
    "I'm done with work and the gym for today",
    "zero trouble breathing, zero dizziness",
    "I'm so tired of living with this twitch in my eyelid",
    "sick of life admin, and my eyelid keeps twitching",
    "where is this twitch coming from, my calf has done it for a week",
    "this is *really* annoying, my eyelid twitches all day",
    # "me" of "mean" is no "didn't know me"
    "I'm honestly not sure. I don't know if that's what you mean.",
    # a muscle going stiff is no fit
    "my back gets stiff and then the muscles twitch after gardening",
    "my legs go stiff after a long run and twitch at night",
]


@pytest.mark.parametrize("text,sign", EMERGENCIES)
def test_emergency_sign_is_found(text, sign):
    assert sign in [s.id for s in find_emergency_signs(text)]


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_no_false_emergency(text):
    assert find_emergency_signs(text) == []


def test_each_sign_has_a_plain_label():
    signs = find_emergency_signs("I fainted and now I can't breathe")
    assert [s.label for s in signs] == ["trouble breathing", "fainting or losing consciousness"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("how much magnesium should I take", True),
        ("what dose of gabapentin is safe", True),
        ("is 400mg of magnesium ok", True),
        ("how many tablets of muscle relaxant can I have", True),
        ("what dosage of vitamin d", True),
        ("can magnesium help twitching", False),
        # a dose named only as something a doctor changes asks for no amount
        ("twitching on ssri would lowering the dose help", False),
        ("who decides the dose if i need mineral supplements for twitches", False),
        ("my husband's anxiety medicine dose was increased and now he has twitches", False),
        ("can the doctor lower my dose, and how much should I take then", True),
        ("what foods have potassium", False),
        # a dose named as a time, and a pill organiser, ask for no amount
        ("I sort mum's tablets and she's jumpier in the evenings after her last dose", False),
        ("I'm sorting my mum's dosette box before her appointment", False),
        ("what is the usual dose of magnesium", True),
        ("what strength exercises help twitching for a beginner", False),
        ("", False),
    ],
)
def test_dose_requests(text, expected):
    assert asks_for_dose(text) is expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("do I have ALS", True),
        ("could this be MS?", True),
        ("what is ALS", False),
    ],
)
def test_diagnosis_requests(text, expected):
    assert asks_for_diagnosis(text) is expected


# Independently written phrasings (tests/data/emergency_phrases.yml), kept apart from the
# table above so the detector is checked against wording its authors never saw.
PHRASES = yaml_files.read(Path(__file__).resolve().parents[1] / "data" / "emergency_phrases.yml")


@pytest.mark.parametrize("case", PHRASES["emergency"], ids=[c["text"][:40] for c in PHRASES["emergency"]])
def test_blind_emergency_phrasing_is_caught(case):
    assert find_emergency_signs(case["text"]), case


@pytest.mark.parametrize("text", PHRASES["not_emergency"], ids=[t[:40] for t in PHRASES["not_emergency"]])
def test_blind_safe_phrasing_is_not_an_emergency(text):
    assert find_emergency_signs(text) == []


def test_an_overlong_message_still_gets_the_emergency_reply():
    from twitchcare.screening import screen_message

    screened = screen_message("my arm twitches " * 300 + "and now I can't breathe")
    assert screened.error == "message_too_long" and "trouble breathing" in screened.notice


@pytest.mark.parametrize(
    "text,sign",
    [
        ("skelped ma heid on the beam this morning and now my hand twitches", "head_injury"),
        ("he cannae swallow his tea, it comes back out his nose", "swallowing"),
    ],
)
def test_scots_words_are_read_as_english(text, sign):
    assert sign in [s.id for s in find_emergency_signs(text)]


@pytest.mark.parametrize(
    "text,found",
    [
        ("no, nothing like slurred speech, just the eyelid", False),
        ("I've had nothing like this pain in my chest before", True),
    ],
)
def test_nothing_like(text, found):
    assert bool(find_emergency_signs(text)) is found


@pytest.mark.parametrize(
    "text", ["clashed heads going up for a header this morning", "a head clash in the scrum today"]
)
def test_heads_clashing_is_a_head_injury(text):
    assert "head_injury" in [s.id for s in find_emergency_signs(text)]


@pytest.mark.parametrize(
    "text,found",
    [
        ("he slipped in the bathroom this morning, hitting the back of his head on the sink", True),
        ("she lost her footing on the stairs, smacking her head on the rail", True),
        ("I keep hitting my head against a brick wall with this twitch", False),
    ],
)
def test_a_head_struck_told_as_it_happened(text, found):
    assert ("head_injury" in [s.id for s in find_emergency_signs(text)]) is found


@pytest.mark.parametrize(
    "text,found",
    [
        ("researched how many tablets it takes. scared of myself", True),
        ("honestly scared of what I might do tonight", True),
        ("I don't trust myself tonight", True),
        ("so scared of myself for googling ALS all night", False),
        ("I'm scared of needles, will a blood test hurt?", False),
    ],
)
def test_afraid_of_oneself_is_suicidal(text, found):
    assert ("suicidal" in [s.id for s in find_emergency_signs(text)]) is found


@pytest.mark.parametrize(
    "text,sign",
    [
        ("i want someone to kill me", "suicidal"),
        ("kill me", "suicidal"),
        ("honestly hoping this is something that'll kill me", "suicidal"),
        ("some mornings i wish i wouldn't wake up", "suicidal"),
        ("i've worked out how i'd do it", "suicidal"),
        ("looked up how many tablets it takes", "suicidal"),
        ("headbutted the door frame an hour ago", "head_injury"),
        # the exasperated aside is not a plan: the model decides, not the rule
        ("third exam this week and my eyelid won't stop, kill me", None),
        ("kill me now, my calf has twitched all day", None),
        ("my dad will kill me if i miss training", None),
        ("my mum is going to kill me for eating the last biscuit", None),
        ("googled how many hours of sleep a teenager needs", None),
        # whether they were out at all is in doubt: unsure (urgent), asked, not taken over by the rule
        ("went dizzy at the till, i'm not sure if i actually passed out", None),
        ("I might have blacked out for a moment, hard to say", None),
        ("not sure if she passed out but she is confused now", "confusion"),
        ("sorry, probably nothing, i did bang my head on the shelf this morning", "head_injury"),
        ("if i were to bang my head, what should i watch for?", None),
        ("his words keep coming out all wrong", "speech"),
        ("numbness in my face on the right, came on at lunch", "one_sided"),
        # a muscle's own "seizure" is a figure of speech; a person's is the sign
        ("my thigh is literally having a seizure, it keeps flickering", None),
        ("seizure in my calf all day", None),
        ("my son is having a seizure", "seizure"),
        ("no numbness in my face on the left", None),
        ("he redosed 3 times and he's boiling hot and twitching", "overdose_poisoning"),
        ("can i redose ibuprofen after 4 hours", None),
        ("the twitching, no work, my wife left. maybe better i am not here for anybody", "suicidal"),
        ("it would be better if i wasnt around", "suicidal"),
        ("its better i am not here today, i have the flu", None),
        ("i feel better, i am not here to complain", None),
        ("my right hand went numb and that side of my face feels odd", "one_sided"),
        ("my left leg went heavy about ten minutes ago", "one_sided"),
        ("everything went grey but i dont think i actually passed out", None),
        ("found her on the floor, i dont know she fell or fainted", None),
    ],
)
def test_kill_me_as_an_aside_and_plans_said_without_the_words(text, sign):
    found = [s.id for s in find_emergency_signs(text)]
    assert found == ([sign] if sign else [])


@pytest.mark.parametrize(
    "text,sign",
    [
        # a near-faint said once is not the sign; near-faints that keep coming are
        ("Not sure - I nearly fainted this morning but didnt fully go down", None),
        ("I almost passed out when I saw the bill", None),
        ("mum keeps nearly passing out and her heart is racing", "fainting"),
        ("she fainted in the kitchen just now", "fainting"),
        # asking whether something counts as the sign is unsure, not the sign
        ("not sure, is a bit wheezy from a cold counted as trouble breathing?", None),
        ("I have a lisp from new dentures, I do not think it is what you mean by slurred speech", None),
        ("his speech is slurred right now", "speech"),
        ("not sure, I don't know them words. what's a seizure", None),
        ("what is happening? she's having a seizure", "seizure"),
        ("how would I know if it's a seizure? he goes quiet and stares", None),  # a99 tuning writer
        ("how do I know if it's a stroke, his face is drooping now", "one_sided"),
        ("how I can know if it is seizure? the twitch is very strong", None),  # a100 tuning writer
        # the head hitting something, and a correction that is no denial
        ("had a small bump in the car, my head hit the side window", "head_injury"),
        ("a pallet fell off the racking and clipped my head", "head_injury"),
        ("lol my face is melting. no actually my left eye and mouth are drooping", "one_sided"),
        ("no, my face is not drooping", None),
        # "kill myself" said as "killing myself" (two tuning writers)
        ("ive been thinking about killing myself a lot this week", "suicidal"),
    ],
)
def test_near_faints_and_signs_asked_about(text, sign):
    found = [s.id for s in find_emergency_signs(text)]
    assert found == ([sign] if sign else [])


@pytest.mark.parametrize(
    "text,asks",
    [
        # the person's own prescription, told as background: no amount is asked for
        ("I'm on levothyroxine 100mcg and my TSH was 7.4. Will a blood test show it?", False),
        ("I have diabetes (metformin 500mg three times a day). What is a twitch?", False),
        ("I am 88, take furosemide 40mg for my heart. Why do my feet cramp at night?", False),
        # an amount asked about stays a dose question
        ("is 400mg of magnesium ok?", True),
        ("can I take 400mg magnesium?", True),
        ("I'm on 400mg magnesium. Is that too much?", True),
        ("Should I be taking 100mcg of levothyroxine instead of 75?", True),
        ("magnesium 400mg or 200mg for twitching", True),
        ("would taking 200mg help?", True),
        ("My mirtazapine dose went up last month and now I twitch at night", False),
    ],
)
def test_a_stated_prescription_is_no_dose_question(text, asks):
    assert asks_for_dose(text) is asks


@pytest.mark.parametrize(
    "text,sign",
    [
        # a stroke told with a time that makes it now (an e111 tuning message); a past one is history
        ("my mum messaged that my dad had a stroke this evening, she thinks", "one_sided"),
        ("mum had a stroke 10 mins ago i think, what do i do", "one_sided"),
        ("my dad had a stroke in 2019 and now his hand twitches", None),
        # not knowing the year, told in the past tense
        ("my mum rang and said my dad didn't know what year it was today", "confusion"),
        ("woke from a nap and didn't know what day it was for a second, then it clicked", None),
        # food that keeps sticking on the way down
        ("dinner was a nightmare because the pasta kept sticking in my throat", "swallowing"),
        ("feels like there's a lump in my throat when I'm stressed", None),
        # a helmet that took the blow
        ("did a face plant off my bike on sunday, helmet cracked but I'm fine lol", "head_injury"),
        ("I cracked my helmet coming off the horse this morning", "head_injury"),
        ("need a new helmet for cycling, any tips", None),
        # either way round with the same words; a broken part of the helmet took no blow
        ("came off on the ice and snapped my ski helmet", "head_injury"),
        ("his helmet was broken in the crash", "head_injury"),
        ("the helmet strap snapped so I'm after a new one", None),
        ("I broke my helmet light again, twitchy eye from night rides", None),
    ],
)
def test_signs_told_with_their_time_or_their_cause(text, sign):
    found = [s.id for s in find_emergency_signs(text)]
    assert found == ([sign] if sign else [])
