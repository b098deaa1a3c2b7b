"""The stand-in `bd` (beads): the subset gt and its clients call, with bd's output shapes.

Shapes (gastownhall/beads v1.0.3): arrays (list, show, ready, update, close) print as they are; objects
(create, dep add, errors) get "schema_version": 1 injected and, because bd round-trips them through a Go
map, print with their keys sorted. Errors with --json go to stdout as {"error": ..., "schema_version": 1}.
"""

import os

import standin_beads as B
from standin_core import (OUT, CliError, Cmd, Flag, Group, TownLock, config, find_town_from, finish_tree, help_text,
                          parse_flags, resolve)

VERSION = "0.57.0"

GLOBAL_FLAGS = [
    Flag("json", "bool"), Flag("allow-stale", "bool"), Flag("actor", "str"), Flag("quiet", "bool", "q"),
    Flag("sandbox", "bool"), Flag("no-daemon", "bool"), Flag("readonly", "bool"), Flag("db", "str"),
]

class Ctx:
    """The local store (BEADS_DIR, else the nearest .beads up from cwd) and ID routing over the town."""

    def __init__(self, inv, opts, write=True):
        self.inv = inv
        self.opts = opts
        self.local_dir = self._local_dir()
        town = inv.town or find_town_from(self.local_dir)
        rigs = B.load_rigs(town) if town else None
        self.stores = B.Stores(town, rigs or {}) if town else None
        self.local = self.stores.at(self.local_dir) if self.stores else B.Store(self.local_dir)
        if not self.local.exists():
            raise CliError("no beads database found at %s" % self.local_dir)
        self.lock = None
        if town:
            self.lock = TownLock(town, exclusive=write)

    @staticmethod
    def _local_dir():
        env = os.environ.get("BEADS_DIR")
        if env:
            return B.resolve_beads_dir(os.path.abspath(env))
        try:
            cur = os.getcwd()
        except OSError:
            cur = None
        while cur:
            d = os.path.join(cur, ".beads")
            if os.path.isdir(d):
                return B.resolve_beads_dir(d)
            parent = os.path.dirname(cur)
            if parent == cur:
                break
            cur = parent
        raise CliError("no active beads workspace found")

    def actor(self):
        return self.opts.actor or os.environ.get("BD_ACTOR") or os.environ.get("USER") or "unknown"

    def find(self, issue_id):
        """(store, issue): the local store first, then routing by prefix (cross-rig IDs)."""
        issue = self.local.get(issue_id)
        if issue is not None:
            return self.local, issue
        if self.stores is not None:
            return self.stores.find(issue_id)
        return None, None

    def save(self):
        if self.stores is not None:
            self.stores.save_all()
        else:
            self.local.save()


def _sorted_object(obj):
    """What bd prints for an object: keys sorted (it went through a Go map) plus schema_version."""
    if isinstance(obj, dict):
        merged = dict(obj)
        return {k: _sorted_nested(merged[k]) for k in sorted(merged)}
    return obj


def _sorted_nested(v):
    if isinstance(v, dict):
        return {k: _sorted_nested(v[k]) for k in sorted(v)}
    if isinstance(v, list):
        return [_sorted_nested(x) for x in v]
    return v


def out_object(obj):
    o = dict(obj)
    o["schema_version"] = 1
    OUT.json(_sorted_object(o))


def _with_counts(ctx, store, issue):
    row = B.shape(issue)
    if issue.get("labels"):
        row["labels"] = issue["labels"]
    deps = store.deps_of(issue["id"])
    if deps:
        row["dependencies"] = deps
    row["dependency_count"] = len(deps)
    row["dependent_count"] = len(store.dependents_of(issue["id"]))
    row["comment_count"] = 0
    for d in deps:
        if d["type"] == "parent-child":
            row["parent"] = d["depends_on_id"]
            break
    return row


def _dep_view(ctx, other_id, dep_type):
    _, other = ctx.find(other_id)
    row = B.shape(other) if other is not None else {"id": other_id, "title": "", "priority": 0,
                                                     "created_at": "", "updated_at": ""}
    row["dependency_type"] = dep_type
    return row


def _details(ctx, store, issue):
    row = B.shape(issue)
    if issue.get("labels"):
        row["labels"] = issue["labels"]
    deps = [_dep_view(ctx, d["depends_on_id"], d["type"]) for d in store.deps_of(issue["id"])]
    if deps:
        row["dependencies"] = deps
    dependents = [_dep_view(ctx, d["issue_id"], d["type"]) for d in store.dependents_of(issue["id"])]
    if dependents:
        row["dependents"] = dependents
    for d in store.deps_of(issue["id"], "parent-child"):
        row["parent"] = d["depends_on_id"]
        break
    return row


def _sort_key(issue):
    # bd: ORDER BY priority ASC, created_at DESC, id ASC
    return (issue.get("priority", 2), _neg(issue.get("created_at", "")), issue["id"])


def _neg(s):
    return tuple(-ord(c) for c in s)


def _feedback(issue_id, title):
    return issue_id + (" \u2014 " + title if title else "")


# ---------------------------------------------------------------------------------------------- commands


def cmd_version(inv, opts, args):
    OUT.p("bd version %s (standin)" % VERSION)
    return 0


def cmd_list(inv, opts, args):
    ctx = Ctx(inv, opts, write=False)
    store = ctx.local
    limit = opts.limit
    if not opts.changed("limit") and opts.all:
        limit = 0
    rows = []
    for issue in store.issues.values():
        st = issue.get("status")
        if opts.status and opts.status != "all":
            wanted = [s.strip() for s in opts.status.split(",")]
            for w in wanted:
                if w not in B.STATUSES and w != "tombstone":
                    raise CliError('invalid status "%s" (valid: open, in_progress, blocked, deferred, closed, '
                                   'pinned, hooked)' % w)
            if st not in wanted:
                continue
        elif not opts.all and st in ("closed", "pinned"):
            continue
        if opts.type and issue.get("issue_type") != B.TYPE_ALIASES.get(opts.type, opts.type):
            continue
        if not opts.type and not opts.include_infra and issue.get("issue_type") in B.INFRA_TYPES:
            continue
        if opts.assignee and issue.get("assignee") != opts.assignee:
            continue
        if opts.label and not set(opts.label) <= set(issue.get("labels") or []):
            continue
        if opts.changed("priority") and issue.get("priority") != B.parse_priority(opts.priority):
            continue
        rows.append(issue)
    rows.sort(key=_sort_key)
    truncated = limit > 0 and len(rows) > limit
    if truncated:
        rows = rows[:limit]
    if opts.json:
        OUT.json([_with_counts(ctx, store, i) for i in rows])
    elif not rows:
        OUT.p("No issues found.")
    else:
        for i in rows:
            OUT.p("%s [P%d] [%s] %s - %s" % (i["id"], i.get("priority", 2), i.get("issue_type", "task"),
                                             i.get("status"), i.get("title", "")))
    if truncated:
        OUT.e("")
        OUT.e("Showing %d issues; more results matched but were hidden by --limit. Use --limit 0 for all, "
              "or --limit N to raise the cap." % limit)
    return 0


def cmd_show(inv, opts, args):
    if not args:
        raise CliError("at least one issue ID is required (use positional args, --id flag, or --current)")
    ctx = Ctx(inv, opts, write=False)
    found = []
    for issue_id in args:
        store, issue = ctx.find(issue_id)
        if issue is None:
            OUT.e("Issue %s not found" % issue_id)
            continue
        found.append((store, issue))
    if opts.json:
        if not found:
            raise CliError("no issues found matching the provided IDs")
        OUT.json([_details(ctx, s, i) for s, i in found])
        return 0
    for store, i in found:
        OUT.p("%s: %s" % (i["id"], i.get("title", "")))
        OUT.p("Status: %s" % i.get("status"))
        OUT.p("Priority: P%d" % i.get("priority", 2))
        OUT.p("Type: %s" % i.get("issue_type"))
        if i.get("assignee"):
            OUT.p("Assignee: %s" % i["assignee"])
        OUT.p("Created: %s" % i.get("created_at"))
        if i.get("description"):
            OUT.p()
            OUT.p("Description:")
            OUT.p(i["description"])
        OUT.p()
    return 0 if found else 1


def cmd_ready(inv, opts, args):
    ctx = Ctx(inv, opts, write=False)
    store = ctx.local
    rows = []
    for issue in store.issues.values():
        if issue.get("status") != "open" or issue.get("issue_type") in B.INFRA_TYPES:
            continue
        if opts.assignee and issue.get("assignee") != opts.assignee:
            continue
        if opts.unassigned and issue.get("assignee"):
            continue
        if opts.type and issue.get("issue_type") != B.TYPE_ALIASES.get(opts.type, opts.type):
            continue
        blocked = False
        for d in store.deps_of(issue["id"], "blocks"):
            _, other = ctx.find(d["depends_on_id"])
            if other is not None and other.get("status") not in B.TERMINAL:
                blocked = True
                break
        if not blocked:
            rows.append(issue)
    rows.sort(key=lambda i: (i.get("priority", 2), i.get("created_at", ""), i["id"]))
    if opts.limit > 0:
        rows = rows[: opts.limit]
    if opts.json:
        OUT.json([_with_counts(ctx, store, i) for i in rows])
    elif not rows:
        OUT.p("\u2728 No ready work found (all issues have blocking dependencies)")
    else:
        OUT.p("\U0001f4cb Ready work (%d issues with no blockers):" % len(rows))
        OUT.p()
        for n, i in enumerate(rows, 1):
            OUT.p("%d. [P%d] [%s] %s: %s" % (n, i.get("priority", 2), i.get("issue_type"), i["id"], i["title"]))
    return 0


def cmd_create(inv, opts, args):
    ctx = Ctx(inv, opts)
    title = opts.title
    if args:
        if title and args[0] != title:
            raise CliError("cannot specify both title flag and positional title argument")
        title = args[0]
    if not title:
        raise CliError("title required (use positional argument or --title)")
    issue_type = B.valid_type(opts.type)
    priority = B.parse_priority(opts.priority)
    store = ctx.local
    issue_id = opts.id or None
    if issue_id is not None and ctx.find(issue_id)[1] is not None:
        raise CliError("issue %s already exists" % issue_id)
    issue = store.create(title, issue_type=issue_type, priority=priority, description=opts.description,
                         assignee=opts.assignee, labels=opts.labels, issue_id=issue_id, actor=ctx.actor())
    ctx.save()
    if opts.silent:
        OUT.p(issue["id"])
    elif opts.json:
        row = B.shape(issue)
        if issue.get("labels"):
            row["labels"] = issue["labels"]
        out_object(row)
    else:
        OUT.p("\u2713 Created issue: %s" % _feedback(issue["id"], issue["title"]))
        OUT.p("  Priority: P%d" % issue["priority"])
        OUT.p("  Status: %s" % issue["status"])
    return 0


def cmd_update(inv, opts, args):
    if not args:
        raise CliError("no issue ID provided and no last touched issue")
    ctx = Ctx(inv, opts)
    if opts.changed("status") and opts.status not in B.STATUSES:
        raise CliError('invalid status "%s" (built-in: open, in_progress, blocked, deferred, closed, pinned, '
                       'hooked; or configure custom statuses via \'bd config set status.custom\')' % opts.status)
    if opts.changed("title") and not opts.title:
        raise CliError("title cannot be empty")
    priority = B.parse_priority(opts.priority) if opts.changed("priority") else None
    updated = []
    for issue_id in args:
        store, issue = ctx.find(issue_id)
        if issue is None:
            OUT.e("Issue %s not found" % issue_id)
            continue
        store.update(
            issue,
            status=opts.status if opts.changed("status") else None,
            assignee=opts.assignee if opts.changed("assignee") else None,
            title=opts.title if opts.changed("title") else None,
            priority=priority,
            description=opts.description if opts.changed("description") else None,
            add_labels=opts.add_label, remove_labels=opts.remove_label)
        updated.append(issue)
        if not opts.json:
            OUT.p("\u2713 Updated issue: %s" % _feedback(issue["id"], issue.get("title", "")))
    ctx.save()
    if opts.json and updated:
        OUT.json([B.shape(i) for i in updated])
    return 0 if updated else 1


def cmd_close(inv, opts, args):
    if not args:
        raise CliError("no issue ID provided and no last touched issue")
    ctx = Ctx(inv, opts)
    reason = opts.reason or opts.resolution or opts.message
    targets = []
    for issue_id in args:
        store, issue = ctx.find(issue_id)
        if issue is None:
            raise CliError('resolving ID %s: no issue found matching "%s"' % (issue_id, issue_id))
        targets.append((store, issue))
    closed = []
    for store, issue in targets:
        if issue.get("status") == "pinned" and not opts.force:
            OUT.e("cannot close pinned issue %s (use --force to override)" % issue["id"])
            continue
        store.close(issue, reason)
        closed.append(issue)
        if not opts.json:
            OUT.p("\u2713 Closed %s: %s" % (_feedback(issue["id"], issue.get("title", "")), reason))
    if closed and ctx.stores is not None and config(ctx.stores.town).get("auto_close_convoys"):
        B.auto_close_convoys(ctx.stores, [i["id"] for i in closed])
    ctx.save()
    if opts.json and closed:
        OUT.json([B.shape(i) for i in closed])
    return 0 if closed else 1


def cmd_dep_add(inv, opts, args):
    ctx = Ctx(inv, opts)
    a, b = args
    store, issue = ctx.find(a)
    if issue is None:
        raise CliError('no issue found matching "%s"' % a)
    _, other = ctx.find(b)
    if other is None and opts.type != "tracks":  # tracks are non-blocking cross-database references
        raise CliError('no issue found matching "%s"' % b)
    store.add_dep(a, b, opts.type, ctx.actor())
    ctx.save()
    if opts.json:
        out_object({"status": "added", "issue_id": a, "depends_on_id": b, "type": opts.type})
    else:
        OUT.p("\u2713 Added dependency: %s depends on %s (%s)" % (a, b, opts.type))
    return 0


def cmd_dep_list(inv, opts, args):
    ctx = Ctx(inv, opts, write=False)
    store, issue = ctx.find(args[0])
    if issue is None:
        raise CliError('no issue found matching "%s"' % args[0])
    if opts.direction == "up":
        rows = [_dep_view(ctx, d["issue_id"], d["type"]) for d in store.dependents_of(args[0], opts.type or None)]
    else:
        rows = [_dep_view(ctx, d["depends_on_id"], d["type"]) for d in store.deps_of(args[0], opts.type or None)]
    if opts.json:
        OUT.json(rows)
    else:
        for r in rows:
            OUT.p("%s [%s] %s" % (r["id"], r["dependency_type"], r.get("title", "")))
    return 0


def _flags(*extra):
    return list(extra) + GLOBAL_FLAGS


ROOT = finish_tree(Group({
    "version": Cmd(cmd_version, _flags(), max_args=0),
    "list": Cmd(cmd_list, _flags(
        Flag("flat", "bool"), Flag("status", "str", "s"), Flag("all", "bool"), Flag("type", "str", "t"),
        Flag("assignee", "str", "a"), Flag("limit", "int", "n", default=50), Flag("label", "list", "l"),
        Flag("priority", "str", "p"), Flag("include-infra", "bool"), Flag("pretty", "bool"),
        Flag("tree", "bool"), Flag("no-pager", "bool"), Flag("long", "bool")), max_args=0),
    "show": Cmd(cmd_show, _flags(Flag("short", "bool"), Flag("long", "bool"))),
    "ready": Cmd(cmd_ready, _flags(
        Flag("limit", "int", "n", default=10), Flag("assignee", "str", "a"), Flag("unassigned", "bool", "u"),
        Flag("type", "str", "t"), Flag("priority", "int", "p"), Flag("pretty", "bool"), Flag("plain", "bool")),
        max_args=0),
    "create": Cmd(cmd_create, _flags(
        Flag("title", "str"), Flag("description", "str", "d"), Flag("type", "str", "t", default="task"),
        Flag("priority", "str", "p", default="2"), Flag("assignee", "str", "a"), Flag("labels", "list", "l"),
        Flag("id", "str"), Flag("silent", "bool"), Flag("force", "bool"), Flag("parent", "str")),
        max_args=1, use="[title]"),
    "update": Cmd(cmd_update, _flags(
        Flag("status", "str", "s"), Flag("assignee", "str", "a"), Flag("title", "str"),
        Flag("priority", "str", "p"), Flag("description", "str", "d"), Flag("add-label", "list"),
        Flag("remove-label", "list"))),
    "close": Cmd(cmd_close, _flags(
        Flag("reason", "str", "r"), Flag("force", "bool", "f"), Flag("resolution", "str"),
        Flag("message", "str", "m"))),
    "dep": Group({
        "add": Cmd(cmd_dep_add, _flags(Flag("type", "str", "t", default="blocks")), min_args=2, max_args=2),
        "list": Cmd(cmd_dep_list, _flags(Flag("direction", "str", default="down"), Flag("type", "str", "t")),
                    min_args=1, max_args=1),
    }),
}), "bd")


def dispatch(inv):
    if inv.args in (["--version"], ["-v"]):
        return cmd_version(inv, None, [])
    # Argument errors come from cobra before bd has read --json: plain text on stderr, like bd.
    node, rest = resolve(ROOT, inv.args)
    if node is None:
        OUT.p(help_text(ROOT, "bd"))
        return 0
    opts, args = parse_flags(node, rest)
    if opts is None:
        OUT.p(help_text(node, "bd"))
        return 0
    try:
        return node.fn(inv, opts, args)
    except CliError as e:
        if opts.json:
            OUT.json({"error": e.msg, "schema_version": 1})
            return 1
        raise
