"""Starting the assistant: the one place that builds the Rasa configuration files and starts
processes. `make run` (`python -m launcher.run`), the end-to-end tests, the benchmark and the
scale-out set-up all go through it.

- `config`: the endpoints and credentials files, from `endpoints.yml` and the settings;
- `processes`: the command lines of the action server and the Rasa server, free ports,
  waiting for readiness;
- `rasa_server`: Rasa's own CLI with this project's process-wide set-up (log masking and
  `rasa_patches.install("rasa")`) done first;
- `run`: what `make run` and `make shell` start;
- `scale`: Redis, the action server, several Rasa replicas and nginx on 127.0.0.1;
- `postgres`: a throwaway PostgreSQL cluster (Debian's package) for tests and the scale-out demo.
"""
