#!/usr/bin/env python3
"""Benchmark helper for scripts/bench-validate.sh.

  bench_validate.py convert STORE OUT     front matter of every entry -> OUT/<collection>/<id>.json
                                          (PyYAML with dates kept as strings, as chronik reads them)
  bench_validate.py loop STORE OUT        the Python jsonschema loop: Draft202012Validator + FormatChecker
  bench_validate.py time RUNS CMD...      interleaved timing of several commands (see bench-validate.sh);
                                          each CMD is NAME=SHELL COMMAND
"""
import json
import os
import statistics
import subprocess
import sys
import time


def collections(store):
    """(name, schema path) from chronik.yml, read with PyYAML (the benchmark's files are trusted)."""
    import yaml
    with open(os.path.join(store, "chronik.yml"), encoding="utf-8") as f:
        config = yaml.safe_load(f)
    return [(name, os.path.join(store, c["schema"])) for name, c in config["collections"].items()]


def loader():
    import yaml

    class StringDates(yaml.SafeLoader):
        """chronik reads plain dates as strings (docs/store-format.md)."""

    StringDates.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return StringDates


def front_matter(path, Loader):
    import yaml
    with open(path, encoding="utf-8") as f:
        text = f.read()
    _, fm, _ = text.split("---\n", 2)
    return yaml.load(fm, Loader=Loader)


def convert(store, out):
    Loader = loader()
    count = 0
    for name, _ in collections(store):
        folder = os.path.join(store, name)
        if not os.path.isdir(folder):
            continue
        os.makedirs(os.path.join(out, name), exist_ok=True)
        for file in sorted(os.listdir(folder)):
            if file.endswith(".md"):
                value = front_matter(os.path.join(folder, file), Loader)
                with open(os.path.join(out, name, file[:-3] + ".json"), "w", encoding="utf-8") as f:
                    json.dump(value, f, ensure_ascii=False)
                count += 1
    print(count)


def loop(store, out):
    """Validates every converted entry against its collection's schema, format assertion on."""
    from jsonschema import Draft202012Validator, FormatChecker
    invalid = 0
    total = 0
    for name, schema_path in collections(store):
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        folder = os.path.join(out, name)
        if not os.path.isdir(folder):
            continue
        for file in sorted(os.listdir(folder)):
            with open(os.path.join(folder, file), encoding="utf-8") as f:
                instance = json.load(f)
            total += 1
            if any(True for _ in validator.iter_errors(instance)):
                invalid += 1
    print(f"{total} entries, {invalid} invalid")
    sys.exit(1 if invalid else 0)


def timing(runs, commands):
    """Runs each command `runs` times, interleaved (a, b, c, a, b, c, …); prints medians and ratios."""
    names = [c.split("=", 1)[0] for c in commands]
    argvs = [c.split("=", 1)[1] for c in commands]
    samples = {n: [] for n in names}
    for _ in range(runs):
        for name, argv in zip(names, argvs):
            start = time.perf_counter()
            result = subprocess.run(argv, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            elapsed = time.perf_counter() - start
            if result.returncode != 0:
                sys.exit(f"{name} failed ({result.returncode}): {result.stderr.decode()[-500:]}")
            samples[name].append(elapsed)
    # Ratios against the Python jsonschema loop when it was timed (the yardstick), else the first command.
    base_name = next((n for n in names if n.startswith("python jsonschema loop")), names[0])
    base = statistics.median(samples[base_name])
    print(f"| tool | median (s) | min (s) | max (s) | runs | {base_name} ÷ tool |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in names:
        s = samples[name]
        m = statistics.median(s)
        print(f"| {name} | {m:.3f} | {min(s):.3f} | {max(s):.3f} | {len(s)} | {base / m:.1f}x |")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "convert":
        convert(sys.argv[2], sys.argv[3])
    elif command == "loop":
        loop(sys.argv[2], sys.argv[3])
    elif command == "time":
        timing(int(sys.argv[2]), sys.argv[3:])
    else:
        sys.exit(__doc__)
