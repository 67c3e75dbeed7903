#!/usr/bin/env python3
"""Fault injection for chronik's write and read paths (issue 13).

Runs the built binary against copies of the Berlin sample store and injects the faults a real machine has:

  kill      SIGKILL at a random moment of `commit`, `mv`, `release` and `changelog -o` (seeded, so a failing round
            can be replayed with --seed), then checks: `git fsck --full` accepts the repository, no recorded version
            was lost, the edit that was being committed is still in the working tree, the next write command
            works without manual repair (a stale lock is cleared by chronik itself), an interrupted `mv` is either
            whole or undone, and `-o` left the old file or the new one, never a mix.
  term      SIGTERM during `changelog -o`: no temporary file is left beside the target.
  full      a full disk (a small tmpfs, filled): `commit` and `release` fail with "no space left on device",
            exit 3, nothing recorded; after space is freed the same commit succeeds.
  readonly  a read-only mount of the store: `commit` fails with "read-only file system", exit 3, nothing written.
  corrupt   a flipped byte in a loose blob: `changelog`, `diff`, `log` and `show` exit 3 naming the object,
            print no changelog, and give the right output again once the object is repaired.
  pack      a truncated pack: `diff` exits 3 naming the pack or object, never "N entries added".

The mount-based faults need root and mount(8); without them they print a visible "skipped:" line.
The last line is "fault-inject: N passed, M failed" (M faults that broke a promise). Exit 1 when M > 0.

Usage: scripts/fault-inject.py [--chronik PATH] [--rounds N] [--seed S] [--only kill,full,...]
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zlib

ENV = dict(os.environ)
for key in list(ENV):
    if key.startswith("GIT_"):
        del ENV[key]
ENV.update({
    "GIT_AUTHOR_NAME": "Fault Injector", "GIT_AUTHOR_EMAIL": "fi@example.org",
    "GIT_COMMITTER_NAME": "Fault Injector", "GIT_COMMITTER_EMAIL": "fi@example.org",
    "GIT_CONFIG_NOSYSTEM": "1", "HOME": tempfile.mkdtemp(prefix="chronik-fi-home."),
    "LC_ALL": "C.UTF-8", "NO_COLOR": "1",
    # The checks below read the English wording; the German one is held by the golden files of the CLI tests.
    "CHRONIK_LANG": "en",
})
AUTHOR = ["--author", "Fault Injector <fi@example.org>"]


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.figures = {}

    def ok(self, what):
        self.passed += 1

    def fail(self, what, detail=""):
        self.failed += 1
        print(f"FAIL: {what}" + (f"\n  {detail.strip()[:2000]}" if detail else ""), flush=True)

    def check(self, condition, what, detail=""):
        if condition:
            self.ok(what)
        else:
            self.fail(what, detail)
        return condition

    def count(self, key, n=1):
        self.figures[key] = self.figures.get(key, 0) + n


def run(args, cwd=None, check=False, timeout=120, **kw):
    result = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, timeout=timeout, **kw)
    if check and result.returncode != 0:
        raise SystemExit(f"setup step failed: {' '.join(map(str, args))}\n{result.stderr.decode(errors='replace')}")
    return result


def git(store, *args, check=True):
    return run(["git", "-C", store, *args], check=check)


def out(result):
    return result.stdout.decode(errors="replace") + result.stderr.decode(errors="replace")


def reachable(store):
    result = git(store, "rev-list", "--all", check=False)
    return set(result.stdout.decode().split())


def fsck_ok(store):
    result = git(store, "fsck", "--full", "--no-progress", check=False)
    return result.returncode == 0, out(result)


def make_sample(chronik, parent, name="store"):
    store = os.path.join(parent, name)
    run([chronik, "init", "--sample", "berlin", store], check=True)
    return store


def entry_files(store, collection):
    return sorted(f for f in os.listdir(os.path.join(store, collection)) if f.endswith(".md"))


def append_to_body(path, text):
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n" + text + "\n")


def working_tree_snapshot(store):
    files = {}
    for root, dirs, names in os.walk(store):
        if root.startswith(os.path.join(store, ".git")):
            dirs[:] = []
            continue
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, store)] = f.read()
    return files


def spawn_and_kill(args, cwd, delay, sig=signal.SIGKILL):
    """Starts a command and sends `sig` after `delay` seconds; returns its exit status (negative: killed)."""
    proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(delay)
    try:
        proc.send_signal(sig)
    except ProcessLookupError:
        pass
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err.decode(errors="replace")


def timed(args, cwd):
    start = time.monotonic()
    run(args, cwd=cwd)
    return time.monotonic() - start


# --- SIGKILL during write commands ------------------------------------------------------------------------------

def fault_kill(chronik, work, rounds, rng, tally):
    store = make_sample(chronik, work, "kill")
    glossary = entry_files(store, "glossary")
    # How long each command takes here, so that the kill points spread over the whole run.
    probe = os.path.join(store, "glossary", glossary[0])
    append_to_body(probe, "Messlauf.")
    commit_time = timed([chronik, "commit", "-m", "probe", *AUTHOR], store)
    changelog_time = timed([chronik, "changelog", "--format", "html", "--no-cache", "-o", "/dev/null"], store)

    for n in range(rounds):
        kind = ["commit", "mv", "release", "changelog"][n % 4]
        before = reachable(store)
        head_before = git(store, "rev-parse", "HEAD").stdout.decode().strip()
        tally.count("faults injected")
        if kind == "commit":
            # Entries as they are now: earlier rounds renamed some.
            path = os.path.join(store, "glossary", rng.choice(entry_files(store, "glossary")))
            marker = f"Fault-Runde {n} {rng.randrange(1 << 30)}"
            append_to_body(path, marker)
            status, _ = spawn_and_kill([chronik, "commit", "-m", f"round {n}", *AUTHOR], store,
                                       rng.uniform(0, commit_time * 1.2))
            with open(path, encoding="utf-8") as f:
                tally.check(marker in f.read(), f"kill round {n} (commit): the edit is still in the working tree")
        elif kind == "mv":
            ids = entry_files(store, "glossary")
            source = rng.choice(ids)[:-3]
            target = f"umbenannt-{n}"
            status, _ = spawn_and_kill([chronik, "mv", f"glossary/{source}", f"glossary/{target}"], store,
                                       rng.uniform(0, 0.15))
        elif kind == "release":
            status, _ = spawn_and_kill([chronik, "release", f"fault-{n}", "-m", f"Fault {n}", *AUTHOR], store,
                                       rng.uniform(0, 0.15))
        else:
            target = os.path.join(work, "changelog.html")
            with open(target, "w", encoding="utf-8") as f:
                f.write("OLD CHANGELOG\n")
            status, _ = spawn_and_kill([chronik, "changelog", "--format", "html", "--no-cache", "-o", target], store,
                                       rng.uniform(0, changelog_time * 1.2))
            with open(target, encoding="utf-8", errors="replace") as f:
                text = f.read()
            whole = text == "OLD CHANGELOG\n" or (text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>"))
            tally.check(whole, f"kill round {n} (changelog -o): the target is the old file or the whole new one",
                        text[:200])
        if status is not None and status < 0:
            tally.count("processes killed")

        good, fsck = fsck_ok(store)
        tally.check(good, f"kill round {n} ({kind}): git fsck --full accepts the repository", fsck)
        lost = before - reachable(store)
        tally.check(not lost, f"kill round {n} ({kind}): no version lost", " ".join(sorted(lost)))
        if lost:
            tally.count("versions lost", len(lost))

        # The store must be usable as it is: status works, and a commit of everything pending goes through
        # (after an interrupted mv chronik either finished or undid it; either way the result validates).
        st = run([chronik, "status"], cwd=store)
        usable = st.returncode == 0
        commit = run([chronik, "commit", "-m", f"after round {n}", *AUTHOR], cwd=store)
        usable = usable and commit.returncode == 0
        if not usable:
            tally.count("stores unusable without doctor")
            tally.fail(f"kill round {n} ({kind}): the store works without manual repair",
                       out(st) + out(commit))
            fix = run([chronik, "doctor"], cwd=store)
            commit = run([chronik, "commit", "-m", f"after doctor {n}", *AUTHOR], cwd=store)
            tally.check(commit.returncode == 0, f"kill round {n} ({kind}): `chronik doctor` repairs the store",
                        out(fix) + out(commit))
        else:
            tally.ok(f"kill round {n} ({kind}): usable")
        head_after = git(store, "rev-parse", "HEAD").stdout.decode().strip()
        ancestor = git(store, "merge-base", "--is-ancestor", head_before, head_after, check=False).returncode == 0
        tally.check(ancestor, f"kill round {n} ({kind}): the branch only moved forward")
        recorded = run([chronik, "validate", "--at", "HEAD"], cwd=store)
        tally.check(recorded.returncode == 0, f"kill round {n} ({kind}): the recorded version validates", out(recorded))
        if recorded.returncode != 0:
            tally.count("invalid versions recorded")
        validate = run([chronik, "validate"], cwd=store)
        tally.check(validate.returncode == 0, f"kill round {n} ({kind}): the working tree validates", out(validate))


def fault_term(chronik, work, rounds, rng, tally):
    store = make_sample(chronik, work, "term")
    folder = os.path.join(work, "term-out")
    os.makedirs(folder)
    target = os.path.join(folder, "changelog.html")
    changelog_time = timed([chronik, "changelog", "--format", "html", "--no-cache", "-o", target], store)
    for n in range(rounds):
        tally.count("faults injected")
        spawn_and_kill([chronik, "changelog", "--format", "html", "--no-cache", "-o", target], store,
                       rng.uniform(0, changelog_time), sig=signal.SIGTERM)
        left = sorted(set(os.listdir(folder)) - {"changelog.html"})
        tally.check(not left, f"term round {n}: no temporary file left beside the -o target", " ".join(left))


# --- full disk, read-only mount ---------------------------------------------------------------------------------

def can_mount():
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = tempfile.mkdtemp(prefix="chronik-fi-mount.")
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", probe])
    os.rmdir(probe)
    return ok


def fill(path):
    """Fills the file system holding `path`; returns the filler file."""
    filler = os.path.join(path, "filler")
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    # Take the last blocks too.
    try:
        with open(filler + "2", "wb") as f:
            while True:
                f.write(b"\0" * 512)
                f.flush()
    except OSError:
        pass
    return filler


def fault_full(chronik, work, tally):
    mnt = os.path.join(work, "full")
    os.makedirs(mnt)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mnt], check=True)
    try:
        store = make_sample(chronik, mnt, "store")
        glossary = entry_files(store, "glossary")
        path = os.path.join(store, "glossary", glossary[1])
        append_to_body(path, "Ein neuer Absatz, als die Platte voll war. " * 200)
        fill(mnt)
        for what, args in (("commit", [chronik, "commit", "-m", "full disk", *AUTHOR]),
                           ("release", [chronik, "release", "voll", "-m", "Volle Platte", *AUTHOR])):
            tally.count("faults injected")
            head = git(store, "rev-parse", "HEAD").stdout.decode().strip()
            refs = git(store, "for-each-ref").stdout
            result = run(args, cwd=store)
            text = out(result).lower()
            tally.check(result.returncode == 3, f"full disk ({what}): exit 3", out(result))
            tally.check("no space left on device" in text, f"full disk ({what}): says no space left on device",
                        out(result))
            tally.check("nothing was recorded" in text or "nothing recorded" in text,
                        f"full disk ({what}): says nothing was recorded", out(result))
            tally.check(git(store, "rev-parse", "HEAD").stdout.decode().strip() == head and
                        git(store, "for-each-ref").stdout == refs, f"full disk ({what}): no ref moved")
        for f in ("filler", "filler2"):
            if os.path.exists(os.path.join(mnt, f)):
                os.unlink(os.path.join(mnt, f))
        good, fsck = fsck_ok(store)
        tally.check(good, "full disk: git fsck --full accepts the repository after space is freed", fsck)
        result = run([chronik, "commit", "-m", "after the disk was freed", *AUTHOR], cwd=store)
        tally.check(result.returncode == 0, "full disk: the same commit succeeds once space is freed", out(result))
    finally:
        subprocess.run(["umount", "-l", mnt])


def fault_readonly(chronik, work, tally):
    store = make_sample(chronik, work, "ro-store")
    mnt = os.path.join(work, "ro")
    os.makedirs(mnt)
    glossary = entry_files(store, "glossary")
    append_to_body(os.path.join(store, "glossary", glossary[2]), "Nur lesbar.")
    subprocess.run(["mount", "--bind", store, mnt], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", mnt], check=True)
        tally.count("faults injected")
        before = working_tree_snapshot(store)
        head = git(store, "rev-parse", "HEAD").stdout.decode().strip()
        result = run([chronik, "commit", "-m", "read-only", *AUTHOR], cwd=mnt)
        text = out(result).lower()
        tally.check(result.returncode == 3, "read-only: commit exits 3", out(result))
        tally.check("read-only file system" in text, "read-only: says read-only file system", out(result))
        tally.check(git(store, "rev-parse", "HEAD").stdout.decode().strip() == head, "read-only: no ref moved")
        tally.check(working_tree_snapshot(store) == before, "read-only: working tree unchanged")
        # Read commands still work on a read-only store (their caches are optional).
        for args in (["log"], ["diff", "strategischer-rahmen", "gemeinsam-digital", "--stat"], ["changelog"],
                     ["validate"]):
            result = run([chronik, *args], cwd=mnt)
            tally.check(result.returncode in (0, 1) and b"error" not in result.stderr,
                        f"read-only: `chronik {' '.join(args)}` works", out(result))
    finally:
        subprocess.run(["umount", "-l", mnt])


# --- corrupt objects --------------------------------------------------------------------------------------------

def loose_object_path(store, oid):
    return os.path.join(store, ".git", "objects", oid[:2], oid[2:])


def fault_corrupt(chronik, work, tally):
    store = make_sample(chronik, work, "corrupt")
    # chronik writes an imported version as one pack; this case flips a byte of a loose object (the pack case is
    # below), so the sample's packs are first unpacked into loose objects, as `git unpack-objects` does.
    packdir = os.path.join(store, ".git", "objects", "pack")
    for pack in sorted(p for p in os.listdir(packdir) if p.endswith(".pack")):
        moved = os.path.join(work, "corrupt-" + pack)
        os.rename(os.path.join(packdir, pack), moved)
        for suffix in (".idx", ".rev"):
            companion = os.path.join(packdir, pack[:-len(".pack")] + suffix)
            if os.path.exists(companion):
                os.remove(companion)
        with open(moved, "rb") as stream:
            subprocess.run(["git", "-C", store, "unpack-objects", "-q"], stdin=stream, check=True, env=ENV)
        os.remove(moved)
    # A blob that changed between the last two drafts.
    name = git(store, "diff", "--name-only", "strategieentwurf", "gemeinsam-digital", "--", "glossary").stdout.decode().split()[0]
    oid = git(store, "rev-parse", f"gemeinsam-digital:{name}").stdout.decode().strip()
    path = loose_object_path(store, oid)
    if not os.path.exists(path):
        tally.fail("corrupt: the sample keeps its objects loose (test setup)")
        return
    original = open(path, "rb").read()
    os.chmod(path, 0o644)
    raw = bytearray(original)
    middle = len(raw) // 2
    raw[middle] ^= 0x40
    with open(path, "wb") as f:
        f.write(raw)
    try:
        zlib.decompress(bytes(raw))
        tally.fail("corrupt: the flipped byte breaks the zlib stream (test setup)")
    except zlib.error:
        pass
    cases = [
        ("changelog", ["changelog", "--format", "json"]),
        ("changelog html", ["changelog", "--format", "html", "--detail"]),
        ("diff", ["diff", "strategieentwurf", "gemeinsam-digital"]),
        ("diff --stat", ["diff", "strategieentwurf", "gemeinsam-digital", "--stat"]),
        ("show", ["show", name[:-3], "--at", "gemeinsam-digital"]),
    ]
    for what, args in cases:
        tally.count("faults injected")
        result = run([chronik, *args], cwd=store)
        tally.check(result.returncode == 3, f"corrupt blob ({what}): exit 3", out(result)[:600])
        tally.check(oid[:7] in out(result), f"corrupt blob ({what}): the message names the object", out(result)[:600])
    with open(path, "wb") as f:
        f.write(original)
    clean = run([chronik, "changelog", "--format", "json", "--no-cache"], cwd=store)
    cached = run([chronik, "changelog", "--format", "json"], cwd=store)
    tally.check(clean.returncode == 0 and clean.stdout == cached.stdout,
                "corrupt blob: once repaired, the cached changelog equals a fresh one (nothing wrong was cached)")
    good, fsck = fsck_ok(store)
    tally.check(good, "corrupt blob: git fsck --full accepts the repaired repository", fsck)


def fault_pack(chronik, work, tally):
    store = make_sample(chronik, work, "pack")
    git(store, "repack", "-adq")
    git(store, "prune-packed")
    packs = [p for p in os.listdir(os.path.join(store, ".git", "objects", "pack")) if p.endswith(".pack")]
    pack = os.path.join(store, ".git", "objects", "pack", packs[0])
    size = os.path.getsize(pack)
    os.chmod(pack, 0o644)
    with open(pack, "r+b") as f:
        f.truncate(size // 2)
    for what, args in (("diff", ["diff", "strategischer-rahmen", "gemeinsam-digital"]),
                       ("diff --stat", ["diff", "strategischer-rahmen", "gemeinsam-digital", "--stat"]),
                       ("changelog", ["changelog", "--no-cache"])):
        tally.count("faults injected")
        result = run([chronik, *args], cwd=store)
        text = out(result)
        tally.check(result.returncode == 3, f"truncated pack ({what}): exit 3", text[:600])
        tally.check("entries added" not in text and "added" not in result.stdout.decode(errors="replace")[:2000]
                    or result.returncode == 3, f"truncated pack ({what}): no invented additions", text[:600])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chronik", help="the chronik binary (default: the debug build)")
    parser.add_argument("--rounds", type=int, default=40, help="kill rounds (spread over the four commands)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--only", help="comma-separated faults: kill,term,full,readonly,corrupt,pack")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    chronik = args.chronik
    if not chronik:
        bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, capture_output=True,
                                  text=True, check=True).stdout.strip()
        chronik = os.path.join(bin_path, "chronik")
    chronik = os.path.abspath(chronik)
    selected = set((args.only or "kill,term,full,readonly,corrupt,pack").split(","))
    rng = random.Random(args.seed)
    tally = Tally()
    work = tempfile.mkdtemp(prefix="chronik-fi.")
    print(f"fault-inject: seed {args.seed}, {args.rounds} kill rounds, work folder {work}", flush=True)
    try:
        if "kill" in selected:
            fault_kill(chronik, work, args.rounds, rng, tally)
        if "term" in selected:
            fault_term(chronik, work, max(4, args.rounds // 4), rng, tally)
        mount = can_mount()
        for name, fn in (("full", fault_full), ("readonly", fault_readonly)):
            if name in selected:
                if mount:
                    fn(chronik, work, tally)
                else:
                    print(f"skipped: {name} (needs root and mount)", flush=True)
                    tally.skipped += 1
        if "corrupt" in selected:
            fault_corrupt(chronik, work, tally)
        if "pack" in selected:
            fault_pack(chronik, work, tally)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for key in ("faults injected", "processes killed", "stores unusable without doctor", "versions lost",
                "invalid versions recorded"):
        print(f"fault-inject: {key}: {tally.figures.get(key, 0)}")
    print(f"fault-inject: {tally.passed} passed, {tally.failed} failed" +
          (f", {tally.skipped} skipped" if tally.skipped else ""))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
