"""Bead stores: the stand-in's replacement for bd's Dolt databases.

One JSON file per `.beads` directory (<dir>/standin-store.json): {"prefix", "issues": {id: issue}, "deps": [...]}.
The town store is <town>/.beads (prefix hq, convoys live there); a rig's store is
<town>/<rig>/mayor/rig/.beads, and <town>/<rig>/.beads plus each polecat worktree's .beads hold a `redirect`
to it, as in gt. gt and bd both read and write these files under the town lock.
"""

import os

from standin_core import CliError, jloads, mkdirs, read_json, read_text, rfc3339, write_json, write_text

STORE_FILE = "standin-store.json"

# Gas Town keeps every beads database in the town's Dolt SQL server: <town>/.dolt-data/<db>/, `hq` for the town
# and the rig's name for a rig (internal/doltserver InitRig). Every bd write is a Dolt commit, which the server
# appends to that database's chunk journal, .dolt/noms/vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv. The stand-in's data is in
# standin-store.json, but it appends a line to the same journal on every write, so that the files a bead write
# changes in a stand-in town are those it changes in a real one (the host agent watches them).
DOLT_JOURNAL = "v" * 32

STATUSES = ("open", "in_progress", "blocked", "deferred", "closed", "pinned", "hooked",
            "staged_ready", "staged_warnings")
TERMINAL = ("closed", "tombstone")
BUILTIN_TYPES = ("bug", "feature", "task", "epic", "chore", "decision")
# gt registers these custom types in every beads database it manages.
CUSTOM_TYPES = ("convoy", "merge-request", "molecule", "gate", "event", "message", "agent", "rig", "role", "slot")
TYPE_ALIASES = {"enhancement": "feature", "feat": "feature", "mr": "merge-request", "mol": "molecule",
                "dec": "decision", "adr": "decision"}
INFRA_TYPES = ("agent", "rig", "role", "message")

# Field order of beads' types.Issue, which is the order bd prints them in.
_ISSUE_FIELDS = ("id", "title", "description", "design", "acceptance_criteria", "notes", "status", "priority",
                 "issue_type", "assignee", "owner", "created_at", "created_by", "updated_at", "started_at",
                 "closed_at", "close_reason")
_ALWAYS = ("id", "title", "priority", "created_at", "updated_at")


def _b36(n):
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    data = os.urandom(n)
    return "".join(alphabet[b % 36] for b in data)


def short_id():
    """5 base36 characters, as gt's convoy IDs (hq-cv-xxxxx)."""
    return _b36(5)


def resolve_beads_dir(d):
    """Follows gt's `redirect` files (paths relative to the directory holding .beads)."""
    for _ in range(4):
        text = read_text(os.path.join(d, "redirect"))
        if text is None:
            return d
        target = text.strip()
        d = os.path.normpath(os.path.join(os.path.dirname(d), target))
    return d


def write_redirect(beads_dir, target_beads_dir):
    mkdirs(beads_dir)
    rel = os.path.relpath(target_beads_dir, os.path.dirname(beads_dir))
    write_text(os.path.join(beads_dir, "redirect"), rel + "\n")


def init_store(beads_dir, prefix):
    mkdirs(beads_dir)
    path = os.path.join(beads_dir, STORE_FILE)
    if not os.path.exists(path):
        write_json(path, {"prefix": prefix, "issues": {}, "deps": []})
    write_text(os.path.join(beads_dir, "config.yaml"), "issue-prefix: \"%s\"\n" % prefix)


def shape(issue):
    """The issue as bd prints it: types.Issue field order, empty optional fields left out."""
    out = {}
    for k in _ISSUE_FIELDS:
        v = issue.get(k)
        if k in _ALWAYS or (v is not None and v != ""):
            out[k] = v if v is not None else ""
    return out


class Store:
    def __init__(self, beads_dir):
        self.dir = beads_dir
        self.path = os.path.join(beads_dir, STORE_FILE)
        self._data = None
        self.dirty = False

    def exists(self):
        return os.path.exists(self.path)

    @property
    def data(self):
        if self._data is None:
            text = read_text(self.path)
            if text is None:
                raise CliError("no beads database found at %s" % self.dir)
            try:
                self._data = jloads(text)
            except ValueError:
                raise CliError("beads database %s is corrupt" % self.path) from None
        return self._data

    @property
    def prefix(self):
        return self.data["prefix"]

    @property
    def issues(self):
        return self.data["issues"]

    @property
    def deps(self):
        return self.data["deps"]

    def get(self, issue_id):
        return self.issues.get(issue_id)

    def save(self):
        if self.dirty:
            write_json(self.path, self._data)
            self.dirty = False

    def new_id(self, prefix=None):
        prefix = prefix or self.prefix
        for length in (5, 5, 5, 6, 7, 8):
            cand = "%s-%s" % (prefix, _b36(length))
            if cand not in self.issues:
                return cand
        raise CliError("could not allocate an issue ID")

    def create(self, title, issue_type="task", priority=2, description="", assignee="", labels=(),
               issue_id=None, actor="", status="open", owner=""):
        if issue_id is None:
            issue_id = self.new_id()
        elif issue_id in self.issues:
            raise CliError("issue %s already exists" % issue_id)
        now = rfc3339()
        issue = {
            "id": issue_id, "title": title, "description": description, "status": status, "priority": priority,
            "issue_type": issue_type, "assignee": assignee, "owner": owner, "created_at": now,
            "created_by": actor, "updated_at": now,
        }
        if labels:
            issue["labels"] = sorted(set(labels))
        self.issues[issue_id] = issue
        self.dirty = True
        return issue

    def update(self, issue, status=None, assignee=None, title=None, priority=None, description=None,
               add_labels=(), remove_labels=()):
        now = rfc3339()
        if status is not None:
            old = issue.get("status")
            issue["status"] = status
            if status == "in_progress" and old != "in_progress" and not issue.get("started_at"):
                issue["started_at"] = now
            if status == "closed" and old != "closed":
                issue["closed_at"] = now
            if status != "closed":
                issue.pop("closed_at", None)
                issue.pop("close_reason", None)
        if assignee is not None:
            issue["assignee"] = assignee
        if title is not None:
            issue["title"] = title
        if priority is not None:
            issue["priority"] = priority
        if description is not None:
            issue["description"] = description
        if add_labels or remove_labels:
            labels = set(issue.get("labels") or [])
            labels.update(add_labels)
            labels.difference_update(remove_labels)
            issue["labels"] = sorted(labels)
        issue["updated_at"] = now
        self.dirty = True

    def close(self, issue, reason=""):
        now = rfc3339()
        issue["status"] = "closed"
        issue["closed_at"] = now
        issue["updated_at"] = now
        issue["close_reason"] = reason
        self.dirty = True

    def add_dep(self, issue_id, depends_on_id, dep_type, actor=""):
        for d in self.deps:
            if d["issue_id"] == issue_id and d["depends_on_id"] == depends_on_id:
                d["type"] = dep_type
                self.dirty = True
                return d
        d = {"issue_id": issue_id, "depends_on_id": depends_on_id, "type": dep_type, "created_at": rfc3339()}
        if actor:
            d["created_by"] = actor
        self.deps.append(d)
        self.dirty = True
        return d

    def deps_of(self, issue_id, dep_type=None):
        return [d for d in self.deps if d["issue_id"] == issue_id and (dep_type is None or d["type"] == dep_type)]

    def dependents_of(self, issue_id, dep_type=None):
        return [d for d in self.deps
                if d["depends_on_id"] == issue_id and (dep_type is None or d["type"] == dep_type)]


def valid_type(t):
    t = TYPE_ALIASES.get(t, t)
    if t in BUILTIN_TYPES or t in CUSTOM_TYPES:
        return t
    raise CliError('invalid issue type "%s" (valid: bug, feature, task, epic, chore, decision; custom: %s)'
                   % (t, ", ".join(CUSTOM_TYPES)))


def parse_priority(raw):
    s = str(raw).strip()
    if s[:1] in ("P", "p"):
        s = s[1:]
    try:
        p = int(s)
    except ValueError:
        p = -1
    if not 0 <= p <= 4:
        raise CliError('invalid priority "%s" (expected 0-4 or P0-P4)' % raw)
    return p


def extract_prefix(issue_id, known):
    """The longest known prefix p with issue_id starting 'p-', else the text before the first '-'."""
    best = None
    for p in known:
        if issue_id.startswith(p + "-") and (best is None or len(p) > len(best)):
            best = p
    if best is not None:
        return best
    i = issue_id.find("-")
    return issue_id[:i] if i > 0 else ""


class Stores:
    """Every bead store of a town, routed by ID prefix like gt's routes.jsonl."""

    def __init__(self, town, rigs):
        self.town = town
        self._by_dir = {}
        self.routes = {"hq": os.path.join(town, ".beads")}
        self._databases = {os.path.normpath(os.path.join(town, ".beads")): "hq"}
        for name, entry in rigs.items():
            self._databases[os.path.normpath(rig_beads_dir(town, name))] = name
            prefix = (entry.get("beads") or {}).get("prefix")
            if prefix:
                self.routes[prefix] = rig_beads_dir(town, name)

    def at(self, beads_dir):
        beads_dir = os.path.normpath(beads_dir)
        s = self._by_dir.get(beads_dir)
        if s is None:
            s = Store(beads_dir)
            self._by_dir[beads_dir] = s
        return s

    def town_store(self):
        return self.at(os.path.join(self.town, ".beads"))

    def for_prefix(self, prefix):
        d = self.routes.get(prefix)
        return self.at(d) if d else None

    def for_id(self, issue_id):
        return self.for_prefix(extract_prefix(issue_id, self.routes))

    def find(self, issue_id):
        """(store, issue) for an ID routed by prefix, else (None, None)."""
        s = self.for_id(issue_id)
        if s is None or not s.exists():
            return None, None
        issue = s.get(issue_id)
        return (s, issue) if issue is not None else (None, None)

    def save_all(self):
        for s in self._by_dir.values():
            if s.dirty:
                s.save()
                db = self._databases.get(s.dir)
                if db:
                    dolt_commit(self.town, db, "bd write")


def dolt_store_dir(town, db):
    return os.path.join(town, ".dolt-data", db, ".dolt", "noms")


def init_database(town, db):
    """gt install (hq) and gt rig add (the rig) create the database in the town's Dolt data directory."""
    mkdirs(dolt_store_dir(town, db))


def dolt_commit(town, db, what):
    """What the Dolt server writes for one commit: an append to the database's chunk journal."""
    d = dolt_store_dir(town, db)
    mkdirs(d)
    with open(os.path.join(d, DOLT_JOURNAL), "a", encoding="utf-8") as f:
        f.write("%s %s\n" % (rfc3339(), what))


def rig_beads_dir(town, rig):
    return os.path.join(town, rig, "mayor", "rig", ".beads")


def load_rigs(town):
    data = read_json(os.path.join(town, "mayor", "rigs.json"), None)
    if not isinstance(data, dict):
        return None
    rigs = data.get("rigs")
    return rigs if isinstance(rigs, dict) else {}


def auto_close_convoys(stores, closed_ids):
    """What the deacon's convoy check does: close open convoys whose tracked issues are all closed."""
    town_store = stores.town_store()
    closed = set(closed_ids)
    for cv in list(town_store.issues.values()):
        if cv.get("issue_type") != "convoy" or cv.get("status") != "open":
            continue
        tracked = [d["depends_on_id"] for d in town_store.deps_of(cv["id"], "tracks")]
        if not tracked or not closed.intersection(tracked):
            continue
        if all((stores.find(t)[1] or {}).get("status") in TERMINAL for t in tracked):
            town_store.close(cv, "All tracked issues completed")
