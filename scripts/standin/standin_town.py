"""The town model of the stand-in gt: rigs, polecats, their derived states, sessions and convoys.

Polecat state is derived on every query from what gt itself looks at (steveyegge/gastown
internal/polecat/manager.go loadFromBeads + cmd/polecat.go effectivePolecatState):
  - a bead hooked (or open/in_progress) with assignee <rig>/polecats/<name> -> working, or stalled when the
    tmux session is dead or its heartbeat is older than heartbeat_stale_s (180 s), or stuck when the heartbeat
    says so;
  - no such bead, the polecat's last bead closed and its session alive -> done;
  - no bead, session alive -> working (gt trusts a live session);
  - otherwise idle; a live <prefix>-<name> session without a worktree -> zombie.
"""

import os
import time

import standin_beads as B
from standin_core import (CliError, TownLock, config, jdumps, mkdirs, parse_rfc3339, read_json, rfc3339, rmtree,
                          shell_quote, write_json)

DEFAULTS = {
    "max_working_polecats": 25,  # gt's defaultMaxActivePolecats (polecat_spawn.go)
    "max_polecat_dirs": 30,  # maxPolecatDirsPerRig
    "max_bead_respawns": 3,  # DefaultWitnessMaxBeadRespawns
    "heartbeat_stale_s": 180,  # SessionHeartbeatStaleThreshold
    "heartbeat_refresh_s": 60,  # how often the stand-in's pane loop refreshes its heartbeat
}

# internal/polecat/namepool.go, theme mad-max (DefaultPoolSize 50); reserved infrastructure names skipped.
MAD_MAX = [
    "furiosa", "nux", "slit", "rictus", "dementus", "capable", "toast", "dag", "cheedo", "valkyrie",
    "keeper", "morsov", "ace", "warboy", "imperator", "organic", "coma", "splendid", "angharad", "max",
    "immortan", "bullet", "toecutter", "goose", "nightrider", "glory", "scrotus", "chumbucket", "corpus", "dinki",
    "prime", "vuvalini", "rockryder", "wretched", "buzzard", "gastown", "bullet-farmer", "citadel", "wasteland",
    "fury", "road-warrior", "interceptor", "blackfinger", "wraith", "witness", "chrome", "shiny", "mediocre",
    "guzzoline", "aqua-cola",
]
RESERVED = {"witness", "mayor", "deacon", "refinery", "crew", "polecats"}
POOL = [n for n in MAD_MAX if n not in RESERVED]
OVERFLOW_START = 51

_PANE_LOOP = (
    # gt (or standin-ctl) writes the first heartbeat; the loop refreshes it unless a test holds it.
    "PATH=/usr/local/bin:/usr/bin:/bin; export PATH; hb=%s; "
    "while :; do sleep %d; "
    "if [ ! -e .standin/heartbeat-hold ]; then "
    "printf '{\"timestamp\":\"%%s\",\"state\":\"working\"}\\n' \"$(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ)\" "
    "> \"$hb.tmp\" 2>/dev/null && { [ -e .standin/heartbeat-hold ] || mv -f \"$hb.tmp\" \"$hb\"; } 2>/dev/null; fi; "
    "done"
)


def looks_like_bead_id(s):
    """handoff.go looksLikeBeadID: a 1-5 letter lowercase prefix, '-', then alphanumerics/dots/hyphens."""
    i = s.find("-")
    if i < 1 or i > 5 or not all("a" <= c <= "z" for c in s[:i]):
        return False
    rest = s[i + 1:]
    if not rest or not rest[0].isalnum():
        return False
    return all(c.isalnum() or c in ".-" for c in rest)


def derive_prefix(name):
    """internal/rig/manager.go deriveBeadsPrefix."""
    for suffix in ("-py", "-go"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    parts = [p for p in name.replace("_", "-").split("-") if p]
    if len(parts) == 1:
        camel = _split_camel(parts[0])
        parts = camel if len(camel) >= 2 else _split_compound(parts[0])
    if len(parts) >= 2:
        return "".join(p[0] for p in parts if p).lower()
    return name.lower() if len(name) <= 3 else name[:2].lower()


def _split_compound(word):
    word = word.lower()
    for suffix in ("town", "ville", "port", "place", "land", "field", "wood", "ford"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return [word[: -len(suffix)], suffix]
    return [word]


def _split_camel(s):
    if not s:
        return []
    parts, start = [], 0
    for i in range(1, len(s)):
        if s[i - 1].islower() and s[i].isupper():
            parts.append(s[start:i])
            start = i
        if i >= 2 and s[i - 1].isupper() and s[i - 2].isupper() and s[i].islower():
            parts.append(s[start:i - 1])
            start = i - 1
    parts.append(s[start:])
    return [p for p in parts if p]


def valid_git_url(s):
    """cmd/rig.go isGitRemoteURL."""
    if s.startswith("-") or s.startswith("/") or s.startswith("./") or s.startswith("../") or s.startswith("~/"):
        return False
    if len(s) >= 3 and s[1] == ":" and s[2] in "/\\":
        return False
    idx = s.find("://")
    if idx > 0:
        return all(c.isalnum() or c in "+-." for c in s[:idx])
    at, colon = s.find("@"), s.find(":")
    return at > 0 and colon > at + 1 and "/" not in s[:colon]


class Polecat:
    __slots__ = ("rig", "name", "state", "issue", "session_running", "zombie", "session_name", "clone",
                 "session", "exists")

    def __init__(self, rig, name):
        self.rig = rig
        self.name = name
        self.state = "idle"
        self.issue = ""
        self.session_running = False
        self.zombie = False
        self.session_name = ""
        self.clone = ""
        self.session = None
        self.exists = True

    def agent(self):
        return "%s/polecats/%s" % (self.rig, self.name)

    def list_item(self):
        item = {"rig": self.rig, "name": self.name, "state": self.state}
        if self.issue:
            item["issue"] = self.issue
        item["session_running"] = self.session_running
        if self.zombie:
            item["zombie"] = True
            item["session_name"] = self.session_name
        return item


class Town:
    """One gt invocation's view of the town, under the town lock."""

    def __init__(self, inv, write):
        if inv.town is None:
            raise CliError("not in a Gas Town workspace")
        self.inv = inv
        self.root = inv.town
        self.lock = TownLock(self.root, write)
        rigs = B.load_rigs(self.root)
        self.rigs_missing = rigs is None
        self.rigs = rigs or {}
        self.stores = B.Stores(self.root, self.rigs)
        self.cfg = dict(DEFAULTS)
        self.cfg.update(config(self.root))
        self._state = None
        self._state_dirty = False
        self._rigs_dirty = False

    # ------------------------------------------------------------------ files

    @property
    def tmux(self):
        return self.inv.tmux

    @property
    def state(self):
        if self._state is None:
            s = read_json(os.path.join(self.root, ".standin", "state.json"), {})
            s = s if isinstance(s, dict) else {}
            s.setdefault("rigs", {})
            s.setdefault("respawns", {})
            self._state = s
        return self._state

    def rig_state(self, rig):
        st = self.state["rigs"].setdefault(rig, {})
        st.setdefault("status", "operational")
        st.setdefault("witness", False)
        st.setdefault("refinery", False)
        st.setdefault("overflow_next", OVERFLOW_START)
        return st

    def touch_state(self):
        self._state_dirty = True

    def touch_rigs(self):
        self._rigs_dirty = True

    def save(self):
        self.stores.save_all()
        if self._state_dirty:
            write_json(os.path.join(self.root, ".standin", "state.json"), self._state)
            self._state_dirty = False
        if self._rigs_dirty:
            path = os.path.join(self.root, "mayor", "rigs.json")
            data = read_json(path, {}) or {}
            data.setdefault("version", 1)
            data["rigs"] = self.rigs
            write_json(path, data)
            self._rigs_dirty = False

    def write_wisp_status(self, rig, status):
        """gt rig park/unpark: status=parked set or unset in the wisp layer, <town>/.beads-wisp/config/<rig>.json
        (internal/wisp/config.go), written as gt writes it: a temp file beside it, then a rename. The stand-in
        reads the rig's state from .standin/state.json; this file is written for fidelity (the host agent
        watches it)."""
        path = os.path.join(self.root, ".beads-wisp", "config", rig + ".json")
        cfg = read_json(path, None)
        cfg = cfg if isinstance(cfg, dict) else {}
        values = cfg.get("values") if isinstance(cfg.get("values"), dict) else {}
        blocked = list(cfg.get("blocked") or [])
        if status:
            values["status"] = status
        else:
            values.pop("status", None)
            blocked = [k for k in blocked if k != "status"]
        mkdirs(os.path.dirname(path))
        tmp = "%s.tmp.%d%d" % (path, os.getpid(), time.time_ns() % 1000000)
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(jdumps({"rig": rig, "values": values, "blocked": blocked}))
        os.replace(tmp, path)

    # ------------------------------------------------------------------ rigs

    def rig(self, name):
        if name not in self.rigs:
            raise CliError("rig '%s' not found" % name)
        return name

    def prefix(self, rig):
        return ((self.rigs.get(rig) or {}).get("beads") or {}).get("prefix") or derive_prefix(rig)

    def rig_path(self, rig):
        return os.path.join(self.root, rig)

    def rig_ok(self, rig):
        """gt's GetRig succeeds only while the rig directory exists."""
        return os.path.isdir(self.rig_path(rig))

    def rig_store(self, rig):
        return self.stores.at(B.rig_beads_dir(self.root, rig))

    def op_state(self, rig):
        return self.rig_state(rig)["status"].upper()

    def rig_for_prefix(self, prefix):
        for name in self.rigs:
            if self.prefix(name) == prefix:
                return name
        return ""

    # ------------------------------------------------------------------ polecats

    def polecats_dir(self, rig):
        return os.path.join(self.root, rig, "polecats")

    def polecat_names(self, rig):
        try:
            return sorted(e.name for e in os.scandir(self.polecats_dir(rig))
                          if e.is_dir() and not e.name.startswith("."))
        except OSError:
            return []

    def clone_path(self, rig, name):
        p = os.path.join(self.polecats_dir(rig), name, rig)
        return p if os.path.isdir(p) else os.path.join(self.polecats_dir(rig), name)

    def session_name(self, rig, name):
        return "%s-%s" % (self.prefix(rig), name)

    def heartbeat_path(self, session):
        return os.path.join(self.root, ".runtime", "heartbeats", session + ".json")

    def meta(self, clone):
        m = read_json(os.path.join(clone, ".standin", "polecat.json"), {})
        return m if isinstance(m, dict) else {}

    def write_meta(self, clone, meta):
        mkdirs(os.path.join(clone, ".standin"))
        write_json(os.path.join(clone, ".standin", "polecat.json"), meta)

    def git_state(self, clone):
        g = read_json(os.path.join(clone, ".standin", "git.json"), {})
        g = g if isinstance(g, dict) else {}
        files = g.get("uncommitted_files") or []
        unpushed = int(g.get("unpushed_commits") or 0)
        stashes = int(g.get("stash_count") or 0)
        return {
            "clean": not files and unpushed == 0 and stashes == 0,
            "uncommitted_files": list(files),
            "unpushed_commits": unpushed,
            "stash_count": stashes,
        }, g

    def _issue_index(self, store):
        hooked, assigned = {}, {}
        if store.exists():
            for issue in store.issues.values():
                a = issue.get("assignee")
                if not a:
                    continue
                st = issue.get("status")
                if st == "hooked":
                    hooked.setdefault(a, issue)
                elif st in ("open", "in_progress", "blocked"):
                    assigned.setdefault(a, issue)
        return hooked, assigned

    def _session_owner(self, session):
        """The rig whose prefix is the longest one `session` starts with."""
        best, best_len = None, -1
        for rig in self.rigs:
            p = self.prefix(rig)
            if session.startswith(p + "-") and len(p) > best_len:
                best, best_len = rig, len(p)
        return best

    def polecats(self, rig):
        """Every polecat of a rig with its derived state, plus zombie sessions."""
        sessions = self.tmux.sessions()
        store = self.rig_store(rig)
        hooked, assigned = self._issue_index(store)
        now = time.time()
        stale_s = self.cfg["heartbeat_stale_s"]
        names = self.polecat_names(rig)
        result = []
        for name in names:
            p = Polecat(rig, name)
            p.clone = self.clone_path(rig, name)
            sess_name = self.session_name(rig, name)
            p.session_name = sess_name
            p.session = sessions.get(sess_name)
            alive = p.session is not None
            hb = None
            stale = False
            if alive:
                hb = read_json(self.heartbeat_path(sess_name), None)
                if isinstance(hb, dict):
                    ts = parse_rfc3339(str(hb.get("timestamp", "")))
                    stale = ts is None or now - ts >= stale_s
                else:
                    hb = None
            p.session_running = alive
            agent = p.agent()
            issue = hooked.get(agent) or assigned.get(agent)
            if issue is not None:
                p.issue = issue["id"]
                if not alive or stale:
                    p.state = "stalled"
                elif hb is not None and hb.get("state") == "stuck":
                    p.state = "stuck"
                else:
                    p.state = "working"
            else:
                last = self.meta(p.clone).get("last_issue") if alive else None
                last_issue = self.stores.find(last)[1] if last else None
                if alive and last_issue is not None and last_issue.get("status") in B.TERMINAL:
                    p.state = "done"
                    p.issue = last
                elif alive and not stale:
                    p.state = "working"
                else:
                    p.state = "idle"
            result.append(p)
        known = set(names)
        for sess_name in sorted(sessions):
            if self._session_owner(sess_name) != rig:
                continue
            rest = sess_name[len(self.prefix(rig)) + 1:]
            if rest in ("witness", "refinery") or rest.startswith("crew-") or rest in known:
                continue
            z = Polecat(rig, rest)
            z.state = "zombie"
            z.session_running = True
            z.zombie = True
            z.session_name = sess_name
            z.session = sessions[sess_name]
            z.exists = False
            result.append(z)
        return result

    def polecat(self, rig, name):
        for p in self.polecats(rig):
            if p.name == name and p.exists:
                return p
        raise CliError("polecat '%s' not found in rig '%s'" % (name, rig))

    def all_polecats(self):
        res = []
        for rig in sorted(self.rigs):
            if self.rig_ok(rig):
                res.extend(self.polecats(rig))
        return res

    def count_working(self):
        """Live polecat sessions with hooked work (scheduler.go countWorkingPolecats)."""
        return sum(1 for p in self.all_polecats() if p.exists and p.session_running and p.state in ("working", "stuck")
                   and p.issue)

    def allocate_name(self, rig):
        taken = set(self.polecat_names(rig))
        sessions = self.tmux.sessions()
        for n in POOL:
            if n not in taken and self.session_name(rig, n) not in sessions:
                return n
        st = self.rig_state(rig)
        while True:
            n = str(st["overflow_next"])
            st["overflow_next"] += 1
            self.touch_state()
            if n not in taken:
                return n

    def create_worktree(self, rig, name, meta):
        clone = os.path.join(self.polecats_dir(rig), name, rig)
        mkdirs(os.path.join(clone, ".standin"))
        B.write_redirect(os.path.join(clone, ".beads"), B.rig_beads_dir(self.root, rig))
        self.write_meta(clone, meta)
        return clone

    def remove_polecat(self, rig, name):
        rmtree(os.path.join(self.polecats_dir(rig), name))

    def pane_command(self, session):
        return _PANE_LOOP % (shell_quote(self.heartbeat_path(session)), max(1, int(self.cfg["heartbeat_refresh_s"])))

    def session_env(self, rig, name):
        return {
            "GT_ROLE": "polecat", "GT_RIG": rig, "GT_POLECAT": name, "GT_TOWN_ROOT": self.root,
            "BD_ACTOR": "%s/polecats/%s" % (rig, name),
        }

    def write_heartbeat(self, session, bead="", state="working"):
        mkdirs(os.path.join(self.root, ".runtime", "heartbeats"))
        hb = {"timestamp": rfc3339(), "state": state}
        if bead:
            hb["bead"] = bead
        write_json(self.heartbeat_path(session), hb)

    def start_session(self, rig, name, clone, bead=""):
        sess = self.session_name(rig, name)
        self.write_heartbeat(sess, bead)
        if not self.tmux.alive(sess):
            self.tmux.new_session(sess, clone, self.pane_command(sess), self.session_env(rig, name))
        return sess

    def stop_sessions(self, names):
        killed = self.tmux.kill(names)
        for s in killed:
            try:
                os.unlink(self.heartbeat_path(s))
            except OSError:
                pass
        return killed

    # ------------------------------------------------------------------ convoys

    def convoys(self):
        store = self.stores.town_store()
        return [i for i in store.issues.values() if i.get("issue_type") == "convoy"]

    def tracked_ids(self, convoy_id):
        return [d["depends_on_id"] for d in self.stores.town_store().deps_of(convoy_id, "tracks")]

    def tracked(self, convoy_id):
        """[Tracked] as gt prints it, or None (Go's nil slice) when the convoy tracks nothing."""
        ids = self.tracked_ids(convoy_id)
        if not ids:
            return None
        out = []
        for tid in ids:
            _, issue = self.stores.find(tid)
            issue = issue or {}
            info = {"id": tid, "title": issue.get("title", ""), "status": issue.get("status", ""),
                    "dependency_type": "tracks", "issue_type": issue.get("issue_type", "")}
            if issue.get("assignee"):
                info["assignee"] = issue["assignee"]
            if issue.get("labels"):
                info["labels"] = issue["labels"]
            a = issue.get("assignee", "")
            if issue.get("status") in ("hooked", "in_progress") and "/polecats/" in a:
                r, _, n = a.partition("/polecats/")
                info["worker"] = "%s/%s" % (r, n)
            out.append(info)
        return out

    def tracking_convoy(self, bead_id):
        """An open convoy tracking bead_id (sling_convoy.go isTrackedByConvoy), or ''."""
        store = self.stores.town_store()
        if not store.exists():
            return ""
        for d in store.dependents_of(bead_id, "tracks"):
            cv = store.get(d["issue_id"])
            if cv is not None and cv.get("issue_type") == "convoy" and cv.get("status") == "open":
                return cv["id"]
        return ""

    def new_convoy_id(self):
        store = self.stores.town_store()
        while True:
            cid = "hq-cv-" + B.short_id()
            if cid not in store.issues:
                return cid

    def create_convoy(self, title, description, owned=False, actor="mayor/"):
        store = self.stores.town_store()
        cv = store.create(title, issue_type="convoy", description=description, issue_id=self.new_convoy_id(),
                          actor=actor, labels=["gt:owned"] if owned else ())
        return cv

    def track(self, convoy_id, issue_id):
        self.stores.town_store().add_dep(convoy_id, issue_id, "tracks", "mayor/")


def convoy_fields(description):
    fields = {}
    for line in (description or "").split("\n"):
        k, sep, v = line.partition(":")
        if sep:
            fields[k.strip().lower()] = v.strip()
    return fields


def convoy_description(prose, owner="", notify="", merge="", molecule="", base_branch=""):
    lines = [prose]
    for key, val in (("Owner", owner), ("Notify", notify), ("Merge", merge), ("Molecule", molecule),
                     ("base_branch", base_branch)):
        if val:
            lines.append("%s: %s" % (key, val))
    return "\n".join(lines)
