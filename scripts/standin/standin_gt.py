"""The stand-in `gt`: the commands of reference/gt-cli-contract.md with gt's output shapes.

Text lines, error messages and JSON shapes follow steveyegge/gastown (internal/cmd/*.go); see README.md for
what is deliberately simpler (no git, no Dolt, no agent in the panes, no formulas).
"""

import os
import time

import standin_beads as B
import standin_town as T
from standin_core import (OUT, CliError, Cmd, Flag, Group, dispatch_tree, finish_tree, go_local, mkdirs,
                          read_json, rfc3339, socket_path, write_json, write_text)

VERSION_LINE = "gt version 1.0.1-standin (standin: main@0000000)"
CHECK, ARROW, CIRCLE, WARN = "\u2713", "\u2192", "\u25cb", "\u26a0"
TRUCK, TARGET = "\U0001f69a", "\U0001f3af"


def _town(inv, write=False):
    return T.Town(inv, write)


def _split_address(addr):
    """'rig/polecat' (also 'rig/polecats/polecat')."""
    parts = addr.split("/")
    if len(parts) == 2 and parts[0] and parts[1]:
        return parts[0], parts[1]
    if len(parts) == 3 and parts[1] == "polecats" and parts[0] and parts[2]:
        return parts[0], parts[2]
    raise CliError("invalid address format: expected 'rig/polecat', got '%s'" % addr)


# ================================================================================================ misc


def cmd_version(inv, opts, args):
    OUT.p(VERSION_LINE)
    return 0


def cmd_install(inv, opts, args):
    path = os.path.abspath(args[0] if args else os.path.join(os.environ.get("HOME", "/"), "gt"))
    if os.path.exists(os.path.join(path, "mayor", "town.json")) and not opts.force:
        raise CliError("town already exists at %s (use --force to reinitialize)" % path)
    name = opts.name or os.path.basename(path.rstrip("/")) or "gt"
    OUT.p("\U0001f3ed Creating Gas Town HQ at %s" % path)
    mkdirs(os.path.join(path, "mayor"))
    write_json(os.path.join(path, "mayor", "town.json"), {
        "type": "town", "version": 2, "name": name, "owner": opts.owner, "public_name": name,
        "created_at": rfc3339()})
    OUT.p("   %s Created mayor/town.json" % CHECK)
    if not os.path.exists(os.path.join(path, "mayor", "rigs.json")) or opts.force:
        write_json(os.path.join(path, "mayor", "rigs.json"), {"version": 1, "rigs": {}})
    OUT.p("   %s Created mayor/rigs.json" % CHECK)
    B.init_store(os.path.join(path, ".beads"), "hq")
    B.init_database(path, "hq")
    write_text(os.path.join(path, ".beads", "routes.jsonl"),
               '{"prefix":"hq-","path":"."}\n{"prefix":"hq-cv-","path":"."}\n')
    OUT.p("   %s Initialized town beads (prefix: hq)" % CHECK)
    mkdirs(os.path.join(path, ".runtime", "heartbeats"))
    mkdirs(os.path.join(path, ".standin"))
    OUT.p()
    OUT.p("%s HQ created successfully!" % CHECK)
    inv.town = path
    return 0


# ================================================================================================ rigs


def _routes_path(town):
    return os.path.join(town.root, ".beads", "routes.jsonl")


def _write_routes(town):
    lines = ['{"prefix":"hq-","path":"."}', '{"prefix":"hq-cv-","path":"."}']
    for name in sorted(town.rigs):
        lines.append('{"prefix":"%s-","path":"%s/mayor/rig"}' % (town.prefix(name), name))
    write_text(_routes_path(town), "\n".join(lines) + "\n")


def cmd_rig_add(inv, opts, args):
    name = args[0]
    if opts.adopt:
        raise CliError("--adopt is not supported by the stand-in gt")
    if len(args) < 2:
        raise CliError("git-url is required (or use --adopt to register an existing directory)")
    url = args[1]
    if not T.valid_git_url(url):
        raise CliError(
            "invalid git URL \"%s\": expected a remote URL (e.g. https://, git@host:, ssh://, s3://, file:///abs/path)"
            "\n\nTo use a local repo as the source, pass a file:// URL. To register an already-assembled rig "
            "directory, use:\n  gt rig add %s --adopt" % (url, name))
    town = _town(inv, write=True)
    t0 = time.time()
    OUT.p("Creating rig %s..." % name)
    OUT.p("  Repository: %s" % url)
    if opts.local_repo:
        OUT.p("  Local repo: %s" % opts.local_repo)
    for flag, val in (("push", opts.push_url), ("upstream", opts.upstream_url)):
        if val and not T.valid_git_url(val):
            raise CliError("invalid %s URL \"%s\": expected a remote URL (e.g. https://, git@host:, ssh://, s3://)"
                           % (flag, val))
    if name in town.rigs:
        raise CliError("adding rig: rig already exists")
    if any(c in name for c in "-. /\\"):
        sanitized = name
        for c in "-. /\\":
            sanitized = sanitized.replace(c, "_")
        sanitized = sanitized.lstrip("_").lower()
        raise CliError('adding rig: rig name "%s" contains invalid characters; hyphens, dots, spaces, and path '
                       'separators are not allowed. Try "%s" instead (underscores are allowed)' % (name, sanitized))
    if name.lower() == "hq":
        raise CliError('adding rig: rig name "%s" is reserved for town-level infrastructure' % name)
    if town.cfg.get("dolt_down"):
        raise CliError("adding rig: Dolt server is not running (required for beads init); start it with "
                       "'gt up' or 'gt dolt start'")
    rig_path = os.path.join(town.root, name)
    if os.path.exists(rig_path):
        raise CliError("adding rig: directory already exists: %s\n\nTo adopt an existing directory, use --adopt:"
                       "\n  gt rig add %s --adopt" % (rig_path, name))
    prefix = opts.prefix.rstrip("-") if opts.prefix else T.derive_prefix(name)
    owners = {"hq": "."}
    for other in town.rigs:
        owners[town.prefix(other)] = other
    if prefix in owners:
        owner = owners[prefix]
        path = "." if owner == "." else owner + "/mayor/rig"
        raise CliError('adding rig: prefix collision (derived prefix "%s"): prefix "%s-" is already used by %s '
                       '(path: %s); use --prefix to specify a different prefix' % (prefix, prefix, owner, path))
    branch = opts.branch or "main"
    now = rfc3339()
    for sub in ("polecats", "crew", "witness", "plugins", os.path.join("refinery", "rig"),
                os.path.join("mayor", "rig")):
        mkdirs(os.path.join(rig_path, sub))
    write_json(os.path.join(rig_path, "config.json"), {
        "type": "rig", "version": 1, "name": name, "git_url": url, "default_branch": branch,
        "created_at": now, "beads": {"prefix": prefix}})
    B.init_store(B.rig_beads_dir(town.root, name), prefix)
    B.init_database(town.root, name)
    B.write_redirect(os.path.join(rig_path, ".beads"), B.rig_beads_dir(town.root, name))
    entry = {"git_url": url}
    if opts.push_url:
        entry["push_url"] = opts.push_url
    if opts.upstream_url:
        entry["upstream_url"] = opts.upstream_url
    if opts.local_repo:
        entry["local_repo"] = opts.local_repo
    entry["added_at"] = now
    entry["beads"] = {"repo": "", "prefix": prefix}
    town.rigs[name] = entry
    town.touch_rigs()
    town.state["rigs"].pop(name, None)
    town.rig_state(name)
    town.touch_state()
    town.save()
    _write_routes(town)
    OUT.p()
    OUT.p("%s Rig created in %.1fs" % (CHECK, time.time() - t0))
    OUT.p()
    OUT.p("Structure:")
    OUT.p("  %s/" % name)
    OUT.p("  \u251c\u2500\u2500 config.json")
    OUT.p("  \u251c\u2500\u2500 .beads/           (prefix: %s)" % prefix)
    OUT.p("  \u251c\u2500\u2500 mayor/rig/        (clone: %s)" % branch)
    OUT.p("  \u251c\u2500\u2500 refinery/rig/     (worktree: %s, sees polecat branches)" % branch)
    OUT.p("  \u251c\u2500\u2500 crew/             (empty - add crew with 'gt crew add')")
    OUT.p("  \u251c\u2500\u2500 witness/")
    OUT.p("  \u2514\u2500\u2500 polecats/")
    OUT.p()
    OUT.p("Next steps:")
    OUT.p("  gt crew add <name> --rig %s   # Create your personal workspace" % name)
    OUT.p("  cd %s/crew/<name>              # Start working" % rig_path)
    return 0


def _rig_sort_prio(witness, refinery, op):
    if witness and refinery:
        return 0
    if witness or refinery:
        return 1
    return {"PARKED": 3, "DOCKED": 4}.get(op, 2)


def cmd_rig_list(inv, opts, args):
    town = _town(inv)
    if town.rigs_missing:
        OUT.p("No rigs configured.")
        return 0
    if not town.rigs:
        OUT.p("No rigs configured.")
        OUT.p()
        OUT.p("Add one with: gt rig add <name> <git-url>")
        return 0
    rows = []
    for name in town.rigs:
        prefix = town.prefix(name)
        if not town.rig_ok(name):
            rows.append((99, name, {"name": name, "beads_prefix": prefix, "status": "error", "witness": "",
                                    "refinery": "", "polecats": 0, "crew": 0}))
            continue
        st = town.rig_state(name)
        op = st["status"].upper()
        rows.append((_rig_sort_prio(st["witness"], st["refinery"], op), name, {
            "name": name, "beads_prefix": prefix, "status": st["status"],
            "witness": "running" if st["witness"] else "stopped",
            "refinery": "running" if st["refinery"] else "stopped",
            "polecats": len(town.polecat_names(name)), "crew": 0}))
    rows.sort(key=lambda r: (r[0], r[1]))
    if opts.json:
        OUT.json([r[2] for r in rows])
        return 0
    OUT.p("Rigs in %s:" % town.root)
    OUT.p()
    for _, _, r in rows:
        if r["status"] == "error":
            OUT.p("  ! %s" % r["name"])
            continue
        op = r["status"].upper()
        w, f = r["witness"] == "running", r["refinery"] == "running"
        led = {"PARKED": "\U0001f17f\ufe0f", "DOCKED": "\U0001f6d1"}.get(op) or (
            "\U0001f7e2" if w and f else "\U0001f7e1" if w or f else "\u26ab")
        OUT.p("%s%s%s" % (led, "  " if op == "PARKED" else " ", r["name"]))
        OUT.p("   Witness: %s %s  Refinery: %s %s" % ("\u25cf" if w else CIRCLE, r["witness"],
                                                     "\u25cf" if f else CIRCLE, r["refinery"]))
        OUT.p("   Polecats: %d  Crew: %d" % (r["polecats"], r["crew"]))
        OUT.p()
    return 0


def _rig_sessions(town, rig):
    return [s for s in town.tmux.sessions() if town._session_owner(s) == rig]


def cmd_rig_remove(inv, opts, args):
    town = _town(inv, write=True)
    name = args[0]
    if name not in town.rigs:
        raise CliError("removing rig: rig '%s' not found" % name)
    sessions = sorted(_rig_sessions(town, name))
    if sessions and not opts.force:
        OUT.p("%s Rig %s has %d running tmux session(s):" % (WARN, name, len(sessions)))
        for s in sessions:
            OUT.p("  - %s" % s)
        OUT.p()
        OUT.p("Shut them down first:")
        OUT.p("  gt rig shutdown %s" % name)
        OUT.p("Or force removal:")
        OUT.p("  gt rig remove %s --force" % name)
        raise CliError("refusing to remove rig with running sessions")
    if sessions:
        OUT.p("Killing %d tmux session(s) for rig %s..." % (len(sessions), name))
        for s in town.stop_sessions(sessions):
            OUT.p("  Killed %s" % s)
    del town.rigs[name]
    town.touch_rigs()
    town.state["rigs"].pop(name, None)
    town.touch_state()
    town.save()
    _write_routes(town)
    path = os.path.join(town.root, name)
    OUT.p("%s Rig %s removed from registry" % (CHECK, name))
    OUT.p()
    OUT.p("Note: Files at %s were NOT deleted." % path)
    OUT.p("To delete: rm -rf %s" % path)
    return 0


def cmd_rig_status(inv, opts, args):
    town = _town(inv)
    if not args:
        raise CliError("could not detect rig from current directory; please specify rig name")
    name = town.rig(args[0])
    st = town.rig_state(name)
    op = st["status"].upper()
    OUT.p(name)
    if op == "OPERATIONAL":
        OUT.p("  Status: OPERATIONAL")
    else:
        OUT.p("  Status: %s (%s)" % (op, "local" if op == "PARKED" else "global"))
    OUT.p("  Path: %s" % os.path.join(town.root, name))
    OUT.p("  Beads prefix: %s-" % town.prefix(name))
    OUT.p()
    for role in ("witness", "refinery"):
        OUT.p(role.capitalize())
        OUT.p("  \u25cf running" if st[role] else "  %s stopped" % CIRCLE)
        OUT.p()
    pcs = [p for p in town.polecats(name) if p.exists]
    if not pcs:
        OUT.p("Polecats (none)")
    else:
        OUT.p("Polecats (%d)" % len(pcs))
        for p in pcs:
            OUT.p("  %s %s: %s" % ("\u25cf" if p.session_running else CIRCLE, p.name, p.state))
    return 0


def cmd_rig_park(inv, opts, args):
    town = _town(inv, write=True)
    for name in args:
        town.rig(name)
        st = town.rig_state(name)
        OUT.p("Parking rig %s..." % name)
        for role in ("witness", "refinery"):
            if st[role]:
                OUT.p("  Stopping %s..." % role)
                st[role] = False
        st["status"] = "parked"
        town.touch_state()
        OUT.p("%s Rig %s parked (local only)" % (CHECK, name))
        OUT.p("  Daemon will not auto-restart")
    town.save()
    for name in args:
        town.write_wisp_status(name, "parked")
    return 0


def cmd_rig_unpark(inv, opts, args):
    town = _town(inv, write=True)
    for name in args:
        town.rig(name)
        st = town.rig_state(name)
        if st["status"] == "parked":
            st["status"] = "operational"
            town.touch_state()
        OUT.p("%s Rig %s unparked" % (CHECK, name))
        OUT.p("  Daemon can now auto-restart agents")
        OUT.p("  Use 'gt rig start %s' to start agents immediately" % name)
    town.save()
    for name in args:
        town.write_wisp_status(name, None)
    return 0


def cmd_rig_dock(inv, opts, args):
    town = _town(inv, write=True)
    name = town.rig(args[0])
    st = town.rig_state(name)
    if st["status"] == "docked":
        OUT.p("\u2022 Rig %s is already docked" % name)
        return 0
    OUT.p("Docking rig %s..." % name)
    for role in ("witness", "refinery"):
        if st[role]:
            OUT.p("  Stopping %s..." % role)
            st[role] = False
    live = [p.session_name for p in town.polecats(name) if p.session_running]
    if live:
        OUT.p("  Stopping %d polecat session(s)..." % len(live))
        town.stop_sessions(live)
    st["status"] = "docked"
    town.touch_state()
    town.save()
    B.dolt_commit(town.root, name, "label status:docked on the rig identity bead")
    OUT.p("%s Rig %s docked (global)" % (CHECK, name))
    OUT.p("  Label added: status:docked")
    OUT.p("  Beads changes persisted via Dolt")
    return 0


def cmd_rig_undock(inv, opts, args):
    town = _town(inv, write=True)
    name = town.rig(args[0])
    st = town.rig_state(name)
    if st["status"] != "docked":
        OUT.p("\u2022 Rig %s is not docked" % name)
        return 0
    st["status"] = "operational"
    town.touch_state()
    town.save()
    B.dolt_commit(town.root, name, "label status:docked removed from the rig identity bead")
    OUT.p("%s Rig %s undocked" % (CHECK, name))
    OUT.p("  Label removed: status:docked")
    OUT.p("  Daemon can now auto-restart agents")
    OUT.p("  Use 'gt rig start %s' to start agents immediately" % name)
    return 0


def cmd_rig_start(inv, opts, args):
    town = _town(inv, write=True)
    ok, failed = [], []
    for name in args:
        if name not in town.rigs or not town.rig_ok(name):
            OUT.p("%s Rig '%s' not found" % (WARN, name))
            failed.append(name)
            continue
        st = town.rig_state(name)
        if st["status"] in ("parked", "docked"):
            OUT.p("%s Rig '%s' is %s - skipping (use 'gt rig unpark' or 'gt rig undock' first)"
                  % (WARN, name, st["status"]))
            failed.append(name)
            continue
        OUT.p("Starting rig %s..." % name)
        started, skipped = [], []
        for role in ("witness", "refinery"):
            if st[role]:
                skipped.append(role)
            else:
                OUT.p("  Starting %s..." % role)
                st[role] = True
                started.append(role)
        town.touch_state()
        if started:
            OUT.p("  %s Started: %s" % (CHECK, ", ".join(started)))
        if skipped:
            OUT.p("  \u2022 Skipped: %s (already running)" % ", ".join(skipped))
        ok.append(name)
    town.save()
    if len(args) > 1:
        OUT.p()
        if ok:
            OUT.p("%s Started rigs: %s" % (CHECK, ", ".join(ok)))
        if failed:
            OUT.p("%s Failed rigs: %s" % (WARN, ", ".join(failed)))
            raise CliError("some rigs failed to start")
    elif failed:
        raise CliError("rig failed to start")
    return 0


def _uncommitted_summary(gs):
    parts = []
    if gs["uncommitted_files"]:
        parts.append("%d uncommitted file(s)" % len(gs["uncommitted_files"]))
    if gs["stash_count"]:
        parts.append("%d stash(es)" % gs["stash_count"])
    if gs["unpushed_commits"]:
        parts.append("%d unpushed commit(s)" % gs["unpushed_commits"])
    return ", ".join(parts)


def cmd_rig_stop(inv, opts, args, verb="stop"):
    town = _town(inv, write=True)
    ok, failed = [], []
    for name in args:
        if name not in town.rigs or not town.rig_ok(name):
            OUT.p("%s Rig '%s' not found" % (WARN, name))
            failed.append(name)
            continue
        pcs = [p for p in town.polecats(name) if p.exists]
        if not opts.nuclear:
            dirty = [(p, town.git_state(p.clone)[0]) for p in pcs]
            dirty = [(p, gs) for p, gs in dirty if not gs["clean"]]
            if dirty:
                OUT.p()
                OUT.p("%s Cannot %s %s - polecats have uncommitted work:" % (WARN, verb, name))
                for p, gs in dirty:
                    OUT.p("  %s: %s" % (p.name, _uncommitted_summary(gs)))
                OUT.p()
                if opts.force:
                    OUT.p("--force requires an interactive terminal. Use --nuclear to skip all checks "
                          "(DANGER: will lose work!)")
                else:
                    OUT.p("Use --force to proceed with confirmation, or --nuclear to skip all checks "
                          "(DANGER: will lose work!)")
                failed.append(name)
                continue
        OUT.p("Stopping rig %s..." % name)
        live = [p.session_name for p in pcs if p.session_running]
        if live:
            OUT.p("  Stopping %d polecat session(s)..." % len(live))
            town.stop_sessions(live)
        st = town.rig_state(name)
        for role in ("refinery", "witness"):
            if st[role]:
                OUT.p("  Stopping %s..." % role)
                st[role] = False
        town.touch_state()
        OUT.p("%s Rig %s stopped" % (CHECK, name))
        ok.append(name)
    town.save()
    if len(args) > 1:
        OUT.p()
        if ok:
            OUT.p("%s Stopped: %s" % (CHECK, ", ".join(ok)))
        if failed:
            OUT.p("%s Failed: %s" % (WARN, ", ".join(failed)))
            raise CliError("some rigs failed to %s" % verb)
    elif failed:
        raise CliError("rig failed to %s" % verb)
    return 0


def cmd_rig_shutdown(inv, opts, args):
    return cmd_rig_stop(inv, opts, args, verb="shutdown")


# ================================================================================================ polecats


def cmd_polecat_list(inv, opts, args):
    town = _town(inv)
    if opts.all:
        items = town.all_polecats()
    else:
        if not args:
            raise CliError("rig name required (or use --all)")
        name = town.rig(args[0])
        items = town.polecats(name)
    if opts.json:
        OUT.json([p.list_item() for p in items])
        return 0
    if not items:
        OUT.p("No polecats found.")
        return 0
    OUT.p("Polecats")
    OUT.p()
    for p in items:
        OUT.p("  %s %s/%s  %s" % ("\u25cf" if p.session_running else CIRCLE, p.rig, p.name, p.state))
        if p.issue:
            OUT.p("    %s" % p.issue)
        if p.zombie:
            OUT.p("    session: %s (no worktree)" % p.session_name)
    return 0


def cmd_polecat_status(inv, opts, args):
    town = _town(inv)
    rig, name = _split_address(args[0])
    town.rig(rig)
    p = town.polecat(rig, name)
    meta = town.meta(p.clone)
    branch = meta.get("branch") or "polecat/%s" % name
    if opts.json:
        o = {"rig": rig, "name": name, "state": p.state}
        if p.issue:
            o["issue"] = p.issue
        o["clone_path"] = p.clone
        o["branch"] = branch
        o["session_running"] = p.session_running
        if p.session is not None:
            o["session_id"] = p.session_name
            if p.session.attached:
                o["attached"] = True
            o["windows"] = p.session.windows
            o["created_at"] = go_local(p.session.created)
            o["last_activity"] = go_local(p.session.activity)
        OUT.json(o)
        return 0
    OUT.p("Polecat: %s/%s" % (rig, name))
    OUT.p()
    OUT.p("  State:         %s" % p.state)
    OUT.p("  Issue:         %s" % (p.issue or "(none)"))
    OUT.p("  Clone:         %s" % p.clone)
    OUT.p("  Branch:        %s" % branch)
    OUT.p()
    OUT.p("Session")
    if p.session is not None:
        OUT.p("  Status:        running")
        OUT.p("  Session ID:    %s" % p.session_name)
        OUT.p("  Attached:      %s" % ("yes" if p.session.attached else "no"))
        OUT.p("  Windows:       %d" % p.session.windows)
        OUT.p("  Created:       %s" % go_local(p.session.created))
    else:
        OUT.p("  Status:        not running")
    return 0


def _resolve_targets(town, args, all_flag):
    if all_flag:
        if len(args) != 1 or "/" in args[0]:
            raise CliError("with --all, provide just the rig name (e.g., 'gt polecat <cmd> %s --all')"
                           % (args[0].split("/")[0] if args else "<rig>"))
        rig = town.rig(args[0])
        return [p for p in town.polecats(rig) if p.exists]
    targets = []
    for a in args:
        parts = a.split("/")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise CliError("invalid address '%s': must be in 'rig/polecat' format (e.g., 'gastown/Toast')" % a)
        town.rig(parts[0])
        targets.append(town.polecat(parts[0], parts[1]))
    return targets


def _open_mr_id(town, p, g):
    mr = g.get("open_mr")
    if not mr:
        return ""
    return mr if isinstance(mr, str) else "%s-mr-%s" % (town.prefix(p.rig), p.name[:5])


def _safety_reasons(town, p):
    gs, g = town.git_state(p.clone)
    reasons = []
    if gs["unpushed_commits"] > 0:
        reasons.append("has %d unpushed commit(s)" % gs["unpushed_commits"])
    elif gs["uncommitted_files"]:
        reasons.append("has %d uncommitted file(s)" % len(gs["uncommitted_files"]))
    elif gs["stash_count"]:
        reasons.append("has %d stash(es)" % gs["stash_count"])
    if p.issue and p.state != "done":
        reasons.append("has work on hook (%s)" % p.issue)
    mr = _open_mr_id(town, p, g)
    if mr:
        reasons.append("has open MR (%s)" % mr)
    return reasons


def cmd_polecat_nuke(inv, opts, args):
    town = _town(inv, write=True)
    if not args:
        raise CliError("requires at least 1 arg(s), only received 0")
    targets = _resolve_targets(town, args, opts.all)
    if not targets:
        OUT.p("No polecats to nuke.")
        return 0
    if not opts.force and not opts.dry_run:
        blocked = [(p, r) for p, r in ((p, _safety_reasons(town, p)) for p in targets) if r]
        if blocked:
            OUT.p("Error: Cannot nuke the following polecats:")
            OUT.p()
            for p, reasons in blocked:
                OUT.p("  %s/%s:" % (p.rig, p.name))
                for r in reasons:
                    OUT.p("    - %s" % r)
            OUT.p()
            OUT.p("Safety checks failed. Resolve issues before nuking, or use --force.")
            OUT.p("Options:")
            OUT.p("  1. Complete work: gt done (from polecat session)")
            OUT.p("  2. Push changes: git push (from polecat worktree)")
            OUT.p('  3. Escalate: gt mail send mayor/ -s "RECOVERY_NEEDED" -m "..."')
            OUT.p("  4. Force nuke (LOSES WORK): gt polecat nuke --force %s"
                  % " ".join("%s/%s" % (p.rig, p.name) for p, _ in blocked))
            OUT.p()
            raise CliError("blocked: %d polecat(s) have active work" % len(blocked))
    nuked = 0
    for p in targets:
        branch = town.meta(p.clone).get("branch") or "polecat/%s" % p.name
        if opts.dry_run:
            OUT.p("Would nuke %s/%s:" % (p.rig, p.name))
            OUT.p("  - Kill session: gt-%s-%s" % (p.rig, p.name))
            OUT.p("  - Delete worktree: %s/polecats/%s" % (os.path.join(town.root, p.rig), p.name))
            OUT.p("  - Delete branch (if exists)")
            OUT.p("  - Close agent bead: %s-%s-polecat-%s" % (town.prefix(p.rig), p.rig, p.name))
            OUT.p()
            continue
        if opts.force:
            OUT.p("%s Nuking %s/%s (--force)..." % (WARN, p.rig, p.name))
        else:
            OUT.p("Nuking %s/%s..." % (p.rig, p.name))
        if town.stop_sessions([p.session_name]):
            OUT.p("  %s killed session" % CHECK)
        town.remove_polecat(p.rig, p.name)
        OUT.p("  %s deleted worktree" % CHECK)
        OUT.p("  %s deleted local branch %s" % (CHECK, branch))
        OUT.p("  %s remote branch preserved for refinery merge" % CIRCLE)
        OUT.p("  %s agent bead not found or already cleaned" % CIRCLE)
        nuked += 1
    if opts.dry_run:
        OUT.p()
        OUT.p("\u2139 Would nuke %d polecat(s)." % len(targets))
        return 0
    if nuked:
        OUT.p()
        OUT.p("%s Nuked %d polecat(s)." % (CHECK, nuked))
    return 0


def cmd_polecat_git_state(inv, opts, args):
    town = _town(inv)
    rig, name = _split_address(args[0])
    town.rig(rig)
    p = town.polecat(rig, name)
    gs, _ = town.git_state(p.clone)
    if opts.json:
        OUT.json(gs)
        return 0
    OUT.p("Git State: %s/%s" % (rig, name))
    OUT.p()
    OUT.p("  Working Tree:  %s" % ("clean" if not gs["uncommitted_files"] else "dirty"))
    if gs["uncommitted_files"]:
        OUT.p("  Uncommitted:   %d files" % len(gs["uncommitted_files"]))
        for f in gs["uncommitted_files"]:
            OUT.p("                 %s" % f)
    OUT.p("  Unpushed:      %s" % ("0 commits" if not gs["unpushed_commits"]
                                   else "%d commits ahead" % gs["unpushed_commits"]))
    OUT.p("  Stashes:       %d" % gs["stash_count"])
    OUT.p()
    OUT.p("  Verdict:       %s" % ("CLEAN (safe to kill)" if gs["clean"] else "DIRTY (needs cleanup)"))
    return 0


def cmd_polecat_check_recovery(inv, opts, args):
    town = _town(inv)
    rig, name = _split_address(args[0])
    town.rig(rig)
    p = town.polecat(rig, name)
    gs, g = town.git_state(p.clone)
    branch = town.meta(p.clone).get("branch") or "polecat/%s" % name
    if gs["clean"]:
        cleanup, needs, verdict = "clean", False, "SAFE_TO_NUKE"
    elif gs["unpushed_commits"] > 0:
        cleanup, needs, verdict = "has_unpushed", True, "NEEDS_RECOVERY"
    elif gs["stash_count"] > 0:
        cleanup, needs, verdict = "has_stash", True, "NEEDS_RECOVERY"
    else:
        cleanup, needs, verdict = "has_uncommitted", True, "NEEDS_RECOVERY"
    mq = ""
    if verdict == "SAFE_TO_NUKE":
        issue = town.stores.find(p.issue)[1] if p.issue else None
        if issue is not None and issue.get("status") in B.TERMINAL:
            mq = "submitted"
        elif _open_mr_id(town, p, g):
            mq = "submitted"
        else:
            mq, needs, verdict = "not_submitted", True, "NEEDS_MQ_SUBMIT"
    o = {"rig": rig, "polecat": name, "cleanup_status": cleanup, "needs_recovery": needs, "verdict": verdict,
         "branch": branch}
    if p.issue:
        o["issue"] = p.issue
    if mq:
        o["mq_status"] = mq
    if opts.json:
        OUT.json(o)
        return 0
    OUT.p("Recovery Status: %s/%s" % (rig, name))
    OUT.p()
    OUT.p("  Cleanup Status:  %s" % cleanup)
    OUT.p("  Branch:          %s" % branch)
    if p.issue:
        OUT.p("  Issue:           %s" % p.issue)
    OUT.p()
    OUT.p("  Verdict:         %s" % verdict)
    if mq:
        OUT.p("  MQ Status:       %s" % mq)
    return 0


# ================================================================================================ sling


def _is_polecat_env():
    role = os.environ.get("GT_ROLE", "")
    if role:
        return role == "polecat" or "/polecats/" in role or role.endswith("/polecat")
    return bool(os.environ.get("GT_POLECAT"))


def _matches_target(target, assignee):
    t = target.strip().rstrip("/")
    a = assignee.strip().rstrip("/")
    if not a:
        return False
    if t == a:
        return True
    return "/" not in t and a.startswith(t + "/polecats/")


def _assignee_session(town, assignee):
    parts = assignee.split("/")
    if len(parts) == 3 and parts[1] == "polecats" and parts[0] in town.rigs:
        return town.session_name(parts[0], parts[2])
    if len(parts) == 3 and parts[1] == "crew" and parts[0] in town.rigs:
        return "%s-crew-%s" % (town.prefix(parts[0]), parts[2])
    if assignee.rstrip("/") in ("mayor", "deacon"):
        return "hq-" + assignee.rstrip("/")
    return ""


def _agent_dead(town, assignee):
    sess = _assignee_session(town, assignee)
    return bool(sess) and not town.tmux.alive(sess)


def _cross_rig_guard(town, bead, rig):
    prefix = B.extract_prefix(bead, town.stores.routes)
    if not prefix:
        return
    bead_rig = town.rig_for_prefix(prefix) if prefix != "hq" else ""
    if bead_rig == rig:
        return
    if not bead_rig:
        raise CliError('bead %s (prefix "%s") is not in rig "%s" \u2014 it belongs to town root\n'
                       "Create the task from the rig directory: cd %s && bd create --title=...\n"
                       "Use --force to override" % (bead, prefix, rig, rig))
    raise CliError('cross-rig mismatch: bead %s (prefix "%s") belongs to rig "%s", but target is rig "%s"\n'
                   "Create the task from the target rig: cd %s && bd create --title=...\n"
                   "Use --force to override" % (bead, prefix, bead_rig, rig, rig))


def _check_rig_open(town, rig):
    status = town.rig_state(rig)["status"]
    if status in ("parked", "docked"):
        undo = "gt rig unpark" if status == "parked" else "gt rig undock"
        raise CliError('cannot sling to %s rig "%s"\n%s %s' % (status, rig, undo, rig))


class Spawned:
    def __init__(self, rig, name, clone, reused):
        self.rig = rig
        self.name = name
        self.clone = clone
        self.reused = reused

    def agent(self):
        return "%s/polecats/%s" % (self.rig, self.name)


def _spawn(town, rig, bead, opts, force):
    """polecat_spawn.go SpawnPolecatForSling: caps, respawn breaker, idle reuse, else a fresh polecat."""
    if not town.rig_ok(rig):
        raise CliError("rig '%s' not found" % rig)
    working = town.count_working()
    cap = town.cfg["max_working_polecats"]
    if working >= cap:
        raise CliError("polecat cap reached: %d working polecats (max %d). This is a safety limit to prevent "
                       "spawn storms. Investigate why polecats are accumulating before spawning more"
                       % (working, cap))
    if bead and not force:
        respawns = town.state["respawns"]
        limit = town.cfg["max_bead_respawns"]
        if respawns.get(bead, 0) >= limit:
            raise CliError("respawn limit reached for %s (%d attempts). This bead keeps failing \u2014 investigate "
                           "before re-dispatching.\nOverride: gt sling %s %s --force\nReset:    gt sling "
                           "respawn-reset %s" % (bead, limit, bead, rig, bead))
        respawns[bead] = respawns.get(bead, 0) + 1
        town.touch_state()
    dirs = len(town.polecat_names(rig))
    max_dirs = town.cfg["max_polecat_dirs"]
    if dirs >= max_dirs:
        raise CliError("rig %s has %d polecat directories (max %d). Nuke idle polecats first: gt polecat nuke "
                       "%s/<name> --force" % (rig, dirs, max_dirs, rig))
    branch_base = opts.base_branch or (read_json(os.path.join(town.root, rig, "config.json"), {}) or {}).get(
        "default_branch", "main")
    stamp = B._b36(6)
    idle = next((p for p in town.polecats(rig) if p.exists and p.state == "idle"), None)
    meta_extra = {"base_branch": branch_base, "agent": opts.agent or "claude", "last_issue": bead,
                  "subject": opts.subject, "message": opts.message, "merge": opts.merge, "slung_at": rfc3339()}
    if idle is not None:
        OUT.p("Reusing idle polecat: %s" % idle.name)
        meta = town.meta(idle.clone)
        meta.update(meta_extra)
        meta["branch"] = "polecat/%s/%s@%s" % (idle.name, bead, stamp)
        town.write_meta(idle.clone, meta)
        OUT.p("%s Polecat %s reused (idle \u2192 working, session start deferred)" % (CHECK, idle.name))
        return Spawned(rig, idle.name, idle.clone, True)
    name = town.allocate_name(rig)
    meta = {"name": name, "rig": rig, "branch": "polecat/%s/%s@%s" % (name, bead, stamp),
            "created_at": rfc3339()}
    meta.update(meta_extra)
    clone = town.create_worktree(rig, name, meta)
    OUT.p("Created polecat: %s" % name)
    OUT.p("%s Polecat %s spawned (session start deferred)" % (CHECK, name))
    return Spawned(rig, name, clone, False)


def _start(town, spawned, bead, store, issue, out_prefix=""):
    OUT.p("Starting session for %s/%s..." % (spawned.rig, spawned.name))
    try:
        town.start_session(spawned.rig, spawned.name, spawned.clone, bead)
    except CliError as e:
        OUT.p("%s Session failed, rolling back spawned polecat %s..." % (WARN, spawned.name))
        store.update(issue, status="open", assignee="")
        if not spawned.reused:
            town.remove_polecat(spawned.rig, spawned.name)
        town.save()
        raise CliError("starting polecat session: %s" % e.msg) from None


def _convoy_for_sling(town, bead, issue, opts, dry, batch=False):
    if opts.no_convoy:
        return
    existing = town.tracking_convoy(bead)
    if existing:
        OUT.p("%s%s Already tracked by convoy %s" % ("  " if batch else "", CIRCLE, existing))
        return
    if dry:
        OUT.p("Would create convoy 'Work: %s'" % issue.get("title", ""))
        OUT.p("Would add tracking relation to %s" % bead)
        if opts.merge:
            OUT.p("Would set convoy merge strategy: %s" % opts.merge)
        return
    desc = T.convoy_description("Auto-created convoy tracking %s" % bead, merge=opts.merge,
                                base_branch=opts.base_branch)
    cv = town.create_convoy("Work: %s" % issue.get("title", ""), desc, owned=opts.owned)
    town.track(cv["id"], bead)
    if batch:
        OUT.p("  %s Created convoy %s" % (ARROW, cv["id"]))
        return
    OUT.p("%s Created convoy %s %s" % (ARROW, TRUCK, cv["id"]))
    OUT.p("  Tracking: %s" % bead)
    if opts.owned:
        OUT.p("  Lifecycle: caller-managed (owned)")
    if opts.merge:
        OUT.p("  Merge:    %s" % opts.merge)


def _release_old_owner(town, assignee):
    """What the witness does on LIFECYCLE:Shutdown after a forced reassignment: stop the old session."""
    parts = assignee.split("/")
    if len(parts) == 3 and parts[1] == "polecats":
        OUT.p("%s Sent LIFECYCLE:Shutdown to %s/witness for %s" % (ARROW, parts[0], parts[2]))
        sess = _assignee_session(town, assignee)
        if sess:
            town.stop_sessions([sess])


def _sling_one(inv, town, bead, target, opts):
    store, issue = town.stores.find(bead)
    if issue is None:
        if T.looks_like_bead_id(bead):
            raise CliError("checking bead status: bead '%s' not found" % bead)
        raise CliError("'%s' is not a valid bead or formula" % bead)
    if issue.get("title", "").startswith("-"):
        raise CliError('refusing to sling bead %s: title "%s" looks like a CLI flag (garbage bead from '
                       "flag-parsing bug)" % (bead, issue["title"]))
    status = issue.get("status")
    if status in B.TERMINAL:
        raise CliError("bead %s is %s (work already completed)" % (bead, status))
    if status == "deferred" and not opts.force:
        raise CliError('refusing to sling deferred bead %s: "%s"\nDeferred work should not consume polecat slots. '
                       "Use --force to override" % (bead, issue.get("title", "")))
    force = opts.force
    old_assignee = issue.get("assignee", "")
    if status in ("pinned", "hooked", "in_progress") and not force:
        if status in ("hooked", "in_progress") and old_assignee and _agent_dead(town, old_assignee):
            OUT.p("%s Hooked agent %s has no active session, auto-forcing re-sling..." % (WARN, old_assignee))
            force = True
        elif _matches_target(target, old_assignee):
            OUT.p("%s Bead %s is already %s to %s, no-op" % (CIRCLE, bead, status, old_assignee))
            return 0
        else:
            raise CliError("bead %s is already %s to %s\nUse --force to re-sling"
                           % (bead, status, old_assignee or "(unknown)"))
    dry = opts.dry_run
    spawned = None
    live_target = None
    parts = target.split("/")
    if target in town.rigs:
        rig = target
        _check_rig_open(town, rig)
        if not force:
            _cross_rig_guard(town, bead, rig)
        if dry:
            OUT.p("Would spawn fresh polecat in rig '%s'" % rig)
            agent = "%s/polecats/<new>" % rig
        else:
            OUT.p("Target is rig '%s', spawning fresh polecat..." % rig)
            try:
                spawned = _spawn(town, rig, bead, opts, force)
            except CliError as e:
                town.save()
                raise CliError("spawning polecat: " + e.msg) from None
            agent = spawned.agent()
    elif len(parts) in (2, 3) and parts[0] in town.rigs and (len(parts) == 2 or parts[1] == "polecats"):
        rig, name = parts[0], parts[-1]
        if name in ("witness", "refinery") or (len(parts) == 3 and parts[1] != "polecats"):
            raise CliError("target '%s' is not supported by the stand-in gt" % target)
        existing = next((p for p in town.polecats(rig) if p.exists and p.name == name), None)
        if existing is None and len(parts) == 2:
            raise CliError("resolving target: polecat '%s' not found in rig '%s'" % (name, rig))
        if existing is not None and existing.session_running:
            live_target = existing
            agent = existing.agent()
        else:
            _check_rig_open(town, rig)
            if not force:
                _cross_rig_guard(town, bead, rig)
            if dry:
                OUT.p("Would spawn fresh polecat in rig '%s'" % rig)
                agent = "%s/polecats/<new>" % rig
            else:
                OUT.p("Target polecat has no active session, spawning fresh polecat in rig '%s'..." % rig)
                try:
                    spawned = _spawn(town, rig, bead, opts, force)
                except CliError as e:
                    town.save()
                    raise CliError("spawning polecat to replace dead polecat: " + e.msg) from None
                agent = spawned.agent()
    else:
        raise CliError("target '%s' is not supported by the stand-in gt (use a rig or <rig>/<polecat>)" % target)
    if "/polecats/" in agent and not force:
        _cross_rig_guard(town, bead, agent.split("/")[0])
    OUT.p("%s Slinging %s to %s..." % (TARGET, bead, agent))
    if status in ("hooked", "in_progress") and force and old_assignee:
        OUT.p("%s Bead already hooked to %s, forcing reassignment..." % (WARN, old_assignee))
        if not dry:
            _release_old_owner(town, old_assignee)
            store.update(issue, status="open", assignee="")
    _convoy_for_sling(town, bead, issue, opts, dry)
    if dry:
        OUT.p("Would run: bd update %s --status=hooked --assignee=%s" % (bead, agent))
        if opts.subject:
            OUT.p("  subject (in nudge): %s" % opts.subject)
        if opts.message:
            OUT.p("  context: %s" % opts.message)
        OUT.p("Would inject start prompt to pane: %s" % ("<new-pane>" if live_target is None else
                                                           live_target.session_name))
        return 0
    store.update(issue, status="hooked", assignee=agent)
    town.save()
    OUT.p("%s Work attached to hook (status=hooked)" % CHECK)
    inv.extra.setdefault("slung", []).append(bead)
    if spawned is not None:
        _start(town, spawned, bead, store, issue)
    else:
        meta = town.meta(live_target.clone)
        meta["last_issue"] = bead
        town.write_meta(live_target.clone, meta)
        OUT.p("\u25b6 Start prompt sent")
    return 0


def _sling_batch_one(inv, town, bead, rig, opts):
    """sling_dispatch.go executeSling for one bead of a batch; returns an error message or ''."""
    store, issue = town.stores.find(bead)
    if issue is None:
        return "bead '%s' not found" % bead
    status = town.rig_state(rig)["status"]
    if status in ("parked", "docked"):
        return "rig " + status
    st = issue.get("status")
    if st in B.TERMINAL:
        return "already " + st
    force = opts.force
    old = issue.get("assignee", "")
    if st in ("hooked", "in_progress", "pinned") and not force:
        if st != "pinned" and old and _agent_dead(town, old):
            OUT.p("  %s Hooked agent %s has no active session, auto-forcing dispatch..." % (WARN, old))
            force = True
        else:
            return "already " + st
    if st == "deferred" and not force:
        return "deferred"
    if force and old and st in ("hooked", "in_progress"):
        _release_old_owner(town, old)
        store.update(issue, status="open", assignee="")
    try:
        spawned = _spawn(town, rig, bead, opts, force)
    except CliError as e:
        town.save()
        return e.msg
    _convoy_for_sling(town, bead, issue, opts, False, batch=True)
    store.update(issue, status="hooked", assignee=spawned.agent())
    town.save()
    inv.extra.setdefault("slung", []).append(bead)
    OUT.p("  %s Work attached to %s" % (CHECK, spawned.name))
    try:
        _start(town, spawned, bead, store, issue)
    except CliError as e:
        return "session failed: %s" % e.msg
    OUT.p("  \u25b6 Session started for %s" % spawned.name)
    return ""


def _sling_batch(inv, town, beads, rig, opts):
    for b in beads:
        if town.stores.find(b)[1] is None:
            raise CliError("bead '%s' not found" % b)
    if not opts.force:
        for b in beads:
            prefix = B.extract_prefix(b, town.stores.routes)
            bead_rig = town.rig_for_prefix(prefix)
            if prefix and bead_rig and bead_rig != rig:
                others = [x for x in beads if x != b]
                raise CliError(
                    'bead %s (prefix "%s") belongs to rig "%s", but target is "%s"\n\n  Options:\n'
                    "    1. Remove the mismatched bead from this batch:\n         gt sling %s\n"
                    "    2. Sling the mismatched bead to its own rig:\n         gt sling %s %s\n"
                    "    3. Use --force to override the cross-rig guard:\n         gt sling %s --force\n"
                    % (b, prefix, bead_rig, rig, " ".join(others), b, bead_rig, " ".join(beads + [rig])))
    if opts.dry_run:
        OUT.p("%s Batch slinging %d beads to rig '%s':" % (TARGET, len(beads), rig))
        OUT.p("  Would hook raw beads (no formula)")
        for b in beads:
            OUT.p("  Would spawn polecat and hook raw: %s" % b)
        return 0
    OUT.p("%s Batch slinging %d beads to rig '%s'..." % (TARGET, len(beads), rig))
    if opts.max_concurrent > 0:
        OUT.p("  Spawn batch size: %d (spawns N, pauses, spawns N more)" % opts.max_concurrent)
    results = []
    active = 0
    for i, b in enumerate(beads):
        if opts.max_concurrent > 0 and active >= opts.max_concurrent:
            OUT.p()
            OUT.p("\u23f3 Spawn batch of %d complete, pausing before next batch..." % opts.max_concurrent)
            active = 0
        OUT.p()
        OUT.p("[%d/%d] Slinging %s..." % (i + 1, len(beads), b))
        err = _sling_batch_one(inv, town, b, rig, opts)
        if err:
            OUT.p("  \u2717 %s" % err)
        else:
            active += 1
        results.append((b, err))
    ok = sum(1 for _, e in results if not e)
    OUT.p()
    OUT.p("\U0001f4ca Batch sling complete: %d/%d succeeded" % (ok, len(beads)))
    for b, e in results:
        if e:
            OUT.p("  \u2717 %s: %s" % (b, e))
    return 0


def cmd_sling(inv, opts, args):
    if _is_polecat_env():
        raise CliError("polecats cannot sling (use gt done for handoff)")
    if opts.merge and opts.merge not in ("direct", "mr", "local"):
        raise CliError('invalid --merge value "%s": must be direct, mr, or local' % opts.merge)
    town = _town(inv, write=True)
    args = [a.rstrip("/") for a in args]
    if len(args) > 2:
        last = args[-1]
        if last in town.rigs:
            OUT.p("  Tip: the rig can be auto-resolved from bead prefixes. You can omit <%s>." % last)
            return _sling_batch(inv, town, args[:-1], last, opts)
        if all(T.looks_like_bead_id(a) for a in args):
            rigs = set()
            for a in args:
                prefix = B.extract_prefix(a, town.stores.routes)
                r = town.rig_for_prefix(prefix)
                if not r:
                    raise CliError("cannot resolve rig for %s: prefix \"%s\" is not mapped to any rig" % (a, prefix))
                rigs.add(r)
            if len(rigs) != 1:
                raise CliError("beads resolve to different rigs: %s" % ", ".join(sorted(rigs)))
            return _sling_batch(inv, town, args, rigs.pop(), opts)
        raise CliError("'%s' is not a known rig" % last)
    if len(args) == 1:
        raise CliError("auto-detecting target: not running in an agent session; specify a target "
                       "(gt sling <bead> <rig>)")
    return _sling_one(inv, town, args[0], args[1], opts)


def cmd_sling_respawn_reset(inv, opts, args):
    town = _town(inv, write=True)
    town.state["respawns"].pop(args[0], None)
    town.touch_state()
    town.save()
    OUT.p("Reset respawn counter for %s. It can be slung again." % args[0])
    return 0


# ================================================================================================ sessions


def cmd_session_list(inv, opts, args):
    town = _town(inv)
    rigs = sorted(town.rigs)
    if opts.rig:
        rigs = [r for r in rigs if r == opts.rig]
    items = []
    for rig in rigs:
        if not town.rig_ok(rig):
            continue
        for p in town.polecats(rig):
            if p.session_running:
                items.append({"rig": rig, "polecat": p.name, "session_id": p.session_name, "running": True})
    if opts.json:
        OUT.json(items or None)  # Go's nil slice
        return 0
    if not items:
        OUT.p("No active sessions.")
        return 0
    OUT.p("Active Sessions")
    OUT.p()
    for s in items:
        OUT.p("  \u25cf %s/%s" % (s["rig"], s["polecat"]))
        OUT.p("    %s" % s["session_id"])
    return 0


def cmd_session_stop(inv, opts, args):
    town = _town(inv, write=True)
    rig, name = _split_address(args[0])
    town.rig(rig)
    OUT.p("%s session for %s/%s..." % ("Force stopping" if opts.force else "Stopping", rig, name))
    if not town.stop_sessions([town.session_name(rig, name)]):
        raise CliError("stopping session: session not found")
    OUT.p("%s Session stopped." % CHECK)
    return 0


def cmd_session_start(inv, opts, args):
    town = _town(inv, write=True)
    rig, name = _split_address(args[0])
    town.rig(rig)
    p = next((x for x in town.polecats(rig) if x.exists and x.name == name), None)
    if p is None:
        raise CliError("Polecat '%s' not found\nCreate with: gt polecat identity add %s %s" % (name, rig, name))
    OUT.p("Starting session for %s/%s..." % (rig, name))
    if p.session_running:
        raise CliError("starting session: session already running")
    town.start_session(rig, name, p.clone, p.issue)
    OUT.p("%s Session started. Attach with: gt session at %s/%s" % (CHECK, rig, name))
    return 0


def cmd_session_status(inv, opts, args):
    town = _town(inv)
    rig, name = _split_address(args[0])
    town.rig(rig)
    p = town.polecat(rig, name)
    if opts.json:
        o = {"polecat": name, "session_id": p.session_name, "running": p.session_running}
        if p.session is not None:
            o["attached"] = bool(p.session.attached)
            o["windows"] = p.session.windows
            o["created"] = rfc3339(p.session.created)
        OUT.json(o)
        return 0
    OUT.p("\U0001f4fa Session: %s/%s" % (rig, name))
    OUT.p()
    OUT.p("  State: %s" % ("\u25cf running" if p.session_running else "%s stopped" % CIRCLE))
    OUT.p("  Session ID: %s" % p.session_name)
    return 0


# ================================================================================================ convoys


def _looks_like_issue_id(town, s):
    for p in town.stores.routes:
        if s.startswith(p + "-"):
            return True
    i = s.find("-")
    return 2 <= i <= 3 and len(s) > i + 1 and all("a" <= c <= "z" for c in s[:i])


def cmd_convoy_create(inv, opts, args):
    if opts.merge and opts.merge not in ("direct", "mr", "local"):
        raise CliError('invalid --merge value "%s": must be direct, mr, or local' % opts.merge)
    if not args:
        raise CliError("at least one argument is required\nUsage: gt convoy create <name> <issue-id> [issue-id...]"
                       "\n       gt convoy create --from-epic <epic-id>")
    town = _town(inv, write=True)
    name, issues = args[0], args[1:]
    if _looks_like_issue_id(town, name):
        issues = list(args)
        first = town.stores.find(args[0])[1]
        name = first["title"] if first and first.get("title") else "Tracking %s" % args[0]
    if not issues:
        raise CliError("at least one issue ID is required\nUsage: gt convoy create <name> <issue-id> [issue-id...]")
    if name.startswith("-"):
        raise CliError('refusing to create convoy: name "%s" looks like a CLI flag' % name)
    owner = opts.owner or "mayor/"
    desc = T.convoy_description("Convoy tracking %d issues" % len(issues), owner=owner, notify=opts.notify,
                                merge=opts.merge, molecule=opts.molecule, base_branch=opts.base_branch)
    cv = town.create_convoy(name, desc, owned=opts.owned)
    tracked = []
    for issue_id in issues:
        town.track(cv["id"], issue_id)
        tracked.append(issue_id)
    town.save()
    OUT.p("%s Created convoy %s %s" % (CHECK, TRUCK, cv["id"]))
    OUT.p()
    OUT.p("  Name:     %s" % name)
    OUT.p("  Tracking: %d issues" % len(tracked))
    OUT.p("  Issues:   %s" % ", ".join(tracked))
    OUT.p("  Owner:    %s" % owner)
    if opts.notify:
        OUT.p("  Notify:   %s" % opts.notify)
    if opts.merge:
        OUT.p("  Merge:    %s" % opts.merge)
    if opts.molecule:
        OUT.p("  Molecule: %s" % opts.molecule)
    if opts.base_branch:
        OUT.p("  Base:     %s" % opts.base_branch)
    if opts.owned:
        OUT.p("  Owned:    caller-managed lifecycle")
        OUT.p()
        OUT.p("  Owned convoy: caller manages lifecycle via gt convoy land")
    else:
        OUT.p()
        OUT.p("  Convoy auto-closes when all tracked issues complete")
    return 0


def _convoys_sorted(town, statuses=None, include_closed=False):
    rows = []
    for cv in town.convoys():
        st = cv.get("status")
        if statuses is not None:
            if st not in statuses:
                continue
        elif not include_closed and st in ("closed", "pinned"):
            continue
        rows.append(cv)
    rows.sort(key=lambda c: (c.get("priority", 2), tuple(-ord(ch) for ch in c.get("created_at", "")), c["id"]))
    return rows


def _progress(tracked):
    tracked = tracked or []
    return sum(1 for t in tracked if t["status"] == "closed"), len(tracked)


def _find_convoy(town, cid):
    cv = town.stores.town_store().get(cid)
    if cv is None:
        raise CliError("convoy '%s' not found" % cid)
    if cv.get("issue_type") != "convoy":
        raise CliError("'%s' is not a convoy (type: %s)" % (cid, cv.get("issue_type")))
    return cv


def cmd_convoy_list(inv, opts, args):
    town = _town(inv)
    if opts.status:
        rows = _convoys_sorted(town, statuses=[opts.status])
    else:
        rows = _convoys_sorted(town, include_closed=opts.all)
    if opts.json:
        out = []
        for cv in rows:
            tracked = town.tracked(cv["id"]) or []
            done, total = _progress(tracked)
            out.append({"id": cv["id"], "title": cv.get("title", ""), "status": cv.get("status"),
                        "created_at": cv.get("created_at", ""), "tracked": tracked, "completed": done,
                        "total": total})
        OUT.json(out)
        return 0
    if not rows:
        OUT.p("No convoys found.")
        OUT.p("Create a convoy with: gt convoy create <name> [issues...]")
        return 0
    OUT.p("Convoys")
    OUT.p()
    for i, cv in enumerate(rows, 1):
        owned = " [owned]" if "gt:owned" in (cv.get("labels") or []) else ""
        OUT.p("  %d. %s %s: %s %s%s" % (i, TRUCK, cv["id"], cv.get("title", ""),
                                      "\u25cf" if cv.get("status") == "open" else CHECK, owned))
    OUT.p()
    OUT.p("Use 'gt convoy status <id>' or 'gt convoy status <n>' for detailed view.")
    return 0


def cmd_convoy_status(inv, opts, args):
    town = _town(inv)
    if not args:
        open_cvs = _convoys_sorted(town, statuses=["open"])
        if not open_cvs:
            OUT.p("No active convoys.")
            OUT.p("Create a convoy with: gt convoy create <name> [issues...]")
            return 0
        if opts.json:
            OUT.json([{"id": c["id"], "title": c.get("title", ""), "status": c.get("status"),
                       "labels": c.get("labels") or None} for c in open_cvs])
            return 0
        OUT.p("Active Convoys")
        OUT.p()
        for c in open_cvs:
            OUT.p("  %s %s: %s" % (TRUCK, c["id"], c.get("title", "")))
        OUT.p()
        OUT.p("Use 'gt convoy status <id>' for detailed status.")
        return 0
    cid = args[0]
    if cid.isdigit():
        lst = _convoys_sorted(town)
        n = int(cid)
        if not 1 <= n <= len(lst):
            raise CliError("convoy %d not found (%d convoys)" % (n, len(lst)))
        cid = lst[n - 1]["id"]
    cv = town.stores.town_store().get(cid)
    if cv is None:
        raise CliError("convoy '%s' not found" % cid)
    tracked = town.tracked(cid)
    done, total = _progress(tracked)
    owned = "gt:owned" in (cv.get("labels") or [])
    merge = T.convoy_fields(cv.get("description")).get("merge", "")
    if opts.json:
        o = {"id": cv["id"], "title": cv.get("title", ""), "status": cv.get("status"), "owned": owned,
             "lifecycle": "caller-managed" if owned else "system-managed"}
        if merge:
            o["merge_strategy"] = merge
        o["tracked"] = tracked
        o["completed"] = done
        o["total"] = total
        OUT.json(o)
        return 0
    OUT.p("%s %s: %s" % (TRUCK, cv["id"], cv.get("title", "")))
    OUT.p()
    OUT.p("  Status:    %s" % cv.get("status"))
    OUT.p("  Owned:     %s" % ("yes" if owned else "no"))
    OUT.p("  Lifecycle: %s" % ("caller-managed" if owned else "system-managed"))
    if merge:
        OUT.p("  Merge:     %s" % merge)
    OUT.p("  Progress:  %d/%d completed" % (done, total))
    OUT.p("  Created:   %s" % cv.get("created_at", ""))
    if cv.get("closed_at"):
        OUT.p("  Closed:    %s" % cv["closed_at"])
    if tracked:
        OUT.p()
        OUT.p("  Tracked Issues:")
        for t in tracked:
            sym = CHECK if t["status"] == "closed" else "\u25b6" if t["status"] in ("in_progress", "hooked") \
                else CIRCLE
            bracket = t.get("assignee", "").split("/")[-1] if t.get("assignee") else (t["issue_type"] or "unassigned")
            OUT.p("    %s %s: %s [%s]" % (sym, t["id"], t["title"], bracket))
    return 0


def cmd_convoy_add(inv, opts, args):
    town = _town(inv, write=True)
    cid, issues = args[0], args[1:]
    cv = _find_convoy(town, cid)
    reopened = False
    if cv.get("status") == "closed":
        town.stores.town_store().update(cv, status="open")
        reopened = True
        OUT.p("\u21ba Reopened convoy %s" % cid)
    for issue_id in issues:
        town.track(cid, issue_id)
    town.save()
    if reopened:
        OUT.p()
    OUT.p("%s Added %d issue(s) to convoy %s %s" % (CHECK, len(issues), TRUCK, cid))
    if issues:
        OUT.p("  Issues: %s" % ", ".join(issues))
    return 0


def cmd_convoy_close(inv, opts, args):
    town = _town(inv, write=True)
    cid = args[0]
    cv = _find_convoy(town, cid)
    if cv.get("status") == "closed":
        OUT.p("%s Convoy %s is already closed" % (CIRCLE, cid))
        return 0
    tracked = town.tracked(cid) or []
    open_issues = [t for t in tracked if t["status"] not in B.TERMINAL]
    if open_issues and not opts.force:
        OUT.p("%s Convoy %s has %d open issue(s):" % (WARN, cid, len(open_issues)))
        OUT.p()
        for t in open_issues:
            sym = "\u25b6" if t["status"] in ("in_progress", "hooked") else CIRCLE
            OUT.p("    %s %s: %s [%s]" % (sym, t["id"], t["title"], t["status"]))
        OUT.p()
        OUT.p("  Use --force to close anyway.")
        raise CliError("convoy has %d open issue(s)" % len(open_issues))
    reason = opts.reason or ("Force closed" if opts.force else "All tracked issues completed")
    town.stores.town_store().close(cv, reason)
    town.save()
    OUT.p("%s Closed convoy %s %s: %s" % (CHECK, TRUCK, cid, cv.get("title", "")))
    if opts.reason:
        OUT.p("  Reason: %s" % opts.reason)
    if tracked:
        closed = sum(1 for t in tracked if t["status"] in B.TERMINAL)
        line = "  Tracked: %d issue(s) (%d closed" % (len(tracked), closed)
        if len(tracked) - closed:
            line += ", %d still open" % (len(tracked) - closed)
        OUT.p(line + ")")
    return 0


def cmd_convoy_check(inv, opts, args):
    town = _town(inv, write=True)
    candidates = [_find_convoy(town, args[0])] if args else _convoys_sorted(town, statuses=["open"])
    closed = []
    for cv in candidates:
        if cv.get("status") != "open":
            continue
        tracked = town.tracked(cv["id"]) or []
        open_count = sum(1 for t in tracked if t["status"] not in B.TERMINAL)
        if open_count:
            if args:
                OUT.p("%s Convoy %s has %d open issue(s) remaining" % (CIRCLE, cv["id"], open_count))
            continue
        if not opts.dry_run:
            town.stores.town_store().close(cv, "All tracked issues completed")
        closed.append(cv)
    town.save()
    if not closed:
        if not args:
            OUT.p("No convoys ready to close.")
        return 0
    OUT.p("%s %s %d convoy(s):" % (WARN if opts.dry_run else CHECK,
                                    "Would auto-close" if opts.dry_run else "Auto-closed", len(closed)))
    for cv in closed:
        OUT.p("  %s %s: %s" % (TRUCK, cv["id"], cv.get("title", "")))
    return 0


# ================================================================================================ status, hook


def cmd_status(inv, opts, args):
    if opts.json and opts.watch:
        raise CliError("--json and --watch cannot be used together")
    town = _town(inv)
    tmux = town.tmux
    sessions = tmux.sessions()
    town_cfg = read_json(os.path.join(town.root, "mayor", "town.json"), {}) or {}
    agents = []
    for name, role in (("mayor", "coordinator"), ("deacon", "health-check")):
        agents.append({"name": name, "address": name + "/", "session": "hq-" + name, "role": role,
                       "running": ("hq-" + name) in sessions, "acp": False, "has_work": False, "unread_mail": 0})
    rigs_out = []
    summary = {"rig_count": 0, "polecat_count": 0, "crew_count": 0, "witness_count": 0, "refinery_count": 0,
               "active_hooks": 0}
    for rig in sorted(town.rigs):
        if not town.rig_ok(rig):
            continue
        pcs = [p for p in town.polecats(rig) if p.exists]
        rs = {"name": rig, "polecats": [p.name for p in pcs] or None, "polecat_count": len(pcs), "crews": None,
              "crew_count": 0, "has_witness": True, "has_refinery": True}
        hooks = []
        rig_agents = []
        store = town.rig_store(rig)
        for p in pcs:
            issue = store.get(p.issue) if p.issue and store.exists() else None
            has_work = bool(p.issue) and p.state != "done"
            hook = {"agent": "%s/%s" % (rig, p.name), "role": "polecat", "has_work": has_work}
            if has_work and issue is not None:
                hook["title"] = issue.get("title", "")
            hooks.append(hook)
            a = {"name": p.name, "address": "%s/%s" % (rig, p.name), "session": p.session_name, "role": "polecat",
                 "running": p.session_running, "acp": False, "has_work": has_work}
            if has_work and issue is not None:
                a["work_title"] = issue.get("title", "")
                a["hook_bead"] = p.issue
            a["state"] = p.state
            a["unread_mail"] = 0
            rig_agents.append(a)
        if not opts.fast:
            rs["hooks"] = hooks or None
        if rig_agents:
            rs["agents"] = rig_agents
        rigs_out.append(rs)
        summary["rig_count"] += 1
        summary["polecat_count"] += len(pcs)
        summary["witness_count"] += 1
        summary["refinery_count"] += 1
        summary["active_hooks"] += sum(1 for h in hooks if h["has_work"])
    status = {"name": town_cfg.get("name", os.path.basename(town.root)), "location": town.root,
              "daemon": {"running": False},
              "dolt": {"running": not town.cfg.get("dolt_down"), "port": 3307},
              "tmux": {"socket": tmux.socket, "socket_path": socket_path(tmux.socket), "running": bool(sessions),
                       "session_count": len(sessions)},
              "agents": agents, "rigs": rigs_out, "summary": summary}
    if opts.json:
        OUT.json(status)
        return 0
    OUT.p("Town: %s" % status["name"])
    OUT.p("%s" % town.root)
    OUT.p()
    OUT.p("tmux: %s (%d sessions)" % (tmux.socket, len(sessions)))
    for r in rigs_out:
        OUT.p()
        OUT.p("%s/" % r["name"])
        for a in r.get("agents") or []:
            OUT.p("  %s %s  %s%s" % ("\u25cf" if a["running"] else CIRCLE, a["name"], a["state"],
                                     ("  " + a["hook_bead"]) if a.get("hook_bead") else ""))
    return 0


def cmd_hook_show(inv, opts, args):
    town = _town(inv)
    target = args[0].strip()
    parts = target.split("/")
    if len(parts) == 2 and parts[0] in town.rigs and parts[1] not in ("witness", "refinery", "crew", "polecats"):
        target = "%s/polecats/%s" % (parts[0], parts[1])
    stores = []
    rig = target.split("/")[0]
    if rig in town.rigs:
        stores.append(town.rig_store(rig))
    stores.append(town.stores.town_store())
    found = None
    for s in stores:
        if not s.exists():
            continue
        for issue in s.issues.values():
            if issue.get("status") == "hooked" and issue.get("assignee") == target:
                found = issue
                break
        if found:
            break
    if opts.json:
        o = {"agent": target}
        if found:
            o["bead_id"] = found["id"]
            o["title"] = found.get("title", "")
            o["status"] = found["status"]
        else:
            o["status"] = "empty"
        OUT.json(o, indent=False)
        return 0
    if found is None:
        OUT.p("%s: (empty)" % target)
    else:
        OUT.p("%s: %s '%s' [%s]" % (target, found["id"], found.get("title", ""), found["status"]))
    return 0


# ================================================================================================ tree

_JSON = Flag("json", "bool")

ROOT = finish_tree(Group({
    "version": Cmd(cmd_version, [Flag("verbose", "bool", "v"), Flag("short", "bool")], max_args=0),
    "install": Cmd(cmd_install, [Flag("name", "str", "n"), Flag("owner", "str"), Flag("force", "bool", "f"),
                                 Flag("git", "bool"), Flag("no-beads", "bool")], max_args=1, use="[path]"),
    "rig": Group({
        "add": Cmd(cmd_rig_add, [
            Flag("prefix", "str"), Flag("local-repo", "str"), Flag("branch", "str"), Flag("push-url", "str"),
            Flag("upstream-url", "str"), Flag("adopt", "bool"), Flag("url", "str"), Flag("force", "bool"),
            Flag("filter", "str"), Flag("sparse-checkout", "list")], min_args=1, max_args=2,
            use="<name> <git-url>"),
        "list": Cmd(cmd_rig_list, [_JSON], max_args=0),
        "remove": Cmd(cmd_rig_remove, [Flag("force", "bool", "f")], min_args=1, max_args=1, use="<name>"),
        "status": Cmd(cmd_rig_status, [_JSON], max_args=1, use="[rig]"),
        "park": Cmd(cmd_rig_park, [Flag("all", "bool")], min_args=1, use="<rig>..."),
        "unpark": Cmd(cmd_rig_unpark, [Flag("all", "bool")], min_args=1, use="<rig>..."),
        "dock": Cmd(cmd_rig_dock, [], min_args=1, max_args=1, use="<rig>"),
        "undock": Cmd(cmd_rig_undock, [], min_args=1, max_args=1, use="<rig>"),
        "start": Cmd(cmd_rig_start, [], min_args=1, use="<rig>..."),
        "boot": Cmd(cmd_rig_start, [], min_args=1, use="<rig>..."),
        "stop": Cmd(cmd_rig_stop, [Flag("force", "bool", "f"), Flag("nuclear", "bool")], min_args=1,
                    use="<rig>..."),
        "shutdown": Cmd(cmd_rig_shutdown, [Flag("force", "bool", "f"), Flag("nuclear", "bool")], min_args=1,
                        use="<rig>..."),
    }),
    "polecat": Group({
        "list": Cmd(cmd_polecat_list, [_JSON, Flag("all", "bool")], max_args=1, use="[rig]"),
        "status": Cmd(cmd_polecat_status, [_JSON], min_args=1, max_args=1, use="<rig>/<polecat>"),
        "nuke": Cmd(cmd_polecat_nuke, [Flag("all", "bool"), Flag("dry-run", "bool"), Flag("force", "bool", "f")], min_args=1,
                    use="<rig>/<polecat>... | <rig> --all"),
        "git-state": Cmd(cmd_polecat_git_state, [_JSON], min_args=1, max_args=1, use="<rig>/<polecat>"),
        "check-recovery": Cmd(cmd_polecat_check_recovery, [_JSON], min_args=1, max_args=1,
                              use="<rig>/<polecat>"),
    }, aliases={"polecats": "list"}),
    "sling": Cmd(cmd_sling, [
        Flag("subject", "str", "s"), Flag("message", "str", "m"), Flag("dry-run", "bool", "n"),
        Flag("force", "bool"), Flag("agent", "str"), Flag("no-convoy", "bool"), Flag("owned", "bool"),
        Flag("merge", "str"), Flag("base-branch", "str"), Flag("max-concurrent", "int"), Flag("create", "bool"),
        Flag("account", "str"), Flag("no-boot", "bool"), Flag("no-merge", "bool"), Flag("hook-raw-bead", "bool"),
        Flag("args", "str", "a")], min_args=1, use="<bead> [target]",
        children={"respawn-reset": Cmd(cmd_sling_respawn_reset, [], min_args=1, max_args=1, use="<bead>")}),
    "session": Group({
        "list": Cmd(cmd_session_list, [_JSON, Flag("rig", "str")], max_args=0),
        "stop": Cmd(cmd_session_stop, [Flag("force", "bool", "f")], min_args=1, max_args=1,
                    use="<rig>/<polecat>"),
        "start": Cmd(cmd_session_start, [Flag("issue", "str")], min_args=1, max_args=1, use="<rig>/<polecat>"),
        "status": Cmd(cmd_session_status, [_JSON], min_args=1, max_args=1, use="<rig>/<polecat>"),
    }),
    "convoy": Group({
        "create": Cmd(cmd_convoy_create, [
            Flag("molecule", "str"), Flag("owner", "str"), Flag("notify", "str", noopt="mayor/"),
            Flag("owned", "bool"), Flag("merge", "str"), Flag("base-branch", "str"), Flag("from-epic", "str")],
            use="<name> [issues...]"),
        "list": Cmd(cmd_convoy_list, [_JSON, Flag("all", "bool"), Flag("status", "str"), Flag("tree", "bool")],
                    max_args=0),
        "status": Cmd(cmd_convoy_status, [_JSON], max_args=1, use="[convoy-id]"),
        "add": Cmd(cmd_convoy_add, [], min_args=2, use="<convoy-id> <issue>..."),
        "close": Cmd(cmd_convoy_close, [Flag("reason", "str"), Flag("notify", "str"), Flag("force", "bool", "f")],
                     min_args=1, max_args=1, use="<convoy-id>"),
        "check": Cmd(cmd_convoy_check, [Flag("dry-run", "bool")], max_args=1, use="[convoy-id]"),
    }),
    "status": Cmd(cmd_status, [_JSON, Flag("fast", "bool"), Flag("watch", "bool", "w"), Flag("verbose", "bool", "v")],
                  max_args=0),
    "hook": Group({
        "show": Cmd(cmd_hook_show, [_JSON], min_args=1, max_args=1, use="<agent>"),
    }),
}), "gt")


def dispatch(inv):
    return dispatch_tree(ROOT, inv)
