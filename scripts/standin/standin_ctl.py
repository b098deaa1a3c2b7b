"""standin-ctl: test fixtures that gt has no command for (bulk polecats, heartbeats).

Not part of gt's surface and never logged in calls.jsonl:
  standin-ctl populate <rig> <count> [--no-session]   N polecats, each with a fresh bead hooked to it and a
                                                      live session (caps bypassed; few tmux calls)
  standin-ctl heartbeat <rig>/<polecat> [--state S] [--age-seconds N] [--hold | --release]
The town is found like gt finds it (cwd, GT_TOWN_ROOT, GT_ROOT).
"""

import os
import sys
import time

import standin_town as T
from standin_core import OUT, CliError, Cmd, Flag, Group, Invocation, dispatch_tree, find_town, finish_tree, \
    mkdirs, rfc3339, write_json, write_text


def cmd_populate(inv, opts, args):
    town = T.Town(inv, write=True)
    rig = town.rig(args[0])
    count = int(args[1])
    store = town.rig_store(rig)
    commands = []
    created = []
    for _ in range(count):
        name = town.allocate_name(rig)
        issue = store.create("standin work for %s" % name, actor="standin-ctl")
        agent = "%s/polecats/%s" % (rig, name)
        store.update(issue, status="hooked", assignee=agent)
        meta = {"name": name, "rig": rig, "branch": "polecat/%s/%s@populate" % (name, issue["id"]),
                "created_at": rfc3339(), "last_issue": issue["id"], "agent": "claude"}
        clone = town.create_worktree(rig, name, meta)
        sess = town.session_name(rig, name)
        town.write_heartbeat(sess, issue["id"])
        if not opts.no_session:
            commands.append(town.tmux.new_session_args(sess, clone, town.pane_command(sess),
                                                       town.session_env(rig, name)))
        created.append((name, issue["id"]))
    town.save()
    if commands:
        town.tmux.chain(commands)
    for name, bead in created:
        OUT.p("%s %s" % (name, bead))
    return 0


def cmd_heartbeat(inv, opts, args):
    town = T.Town(inv, write=True)
    rig, _, name = args[0].partition("/")
    town.rig(rig)
    clone = town.clone_path(rig, name)
    sess = town.session_name(rig, name)
    mkdirs(os.path.join(town.root, ".runtime", "heartbeats"))
    hold = os.path.join(clone, ".standin", "heartbeat-hold")
    if opts.hold:  # before the heartbeat, so the pane loop cannot overwrite it in between
        mkdirs(os.path.dirname(hold))
        write_text(hold, "held by standin-ctl\n")
    hb = {"timestamp": rfc3339(time.time() - opts.age_seconds), "state": opts.state}
    write_json(town.heartbeat_path(sess), hb)
    if opts.release:
        try:
            os.unlink(hold)
        except OSError:
            pass
    return 0


ROOT = finish_tree(Group({
    "populate": Cmd(cmd_populate, [Flag("no-session", "bool")], min_args=2, max_args=2, use="<rig> <count>"),
    "heartbeat": Cmd(cmd_heartbeat, [Flag("state", "str", default="working"), Flag("age-seconds", "int"),
                                     Flag("hold", "bool"), Flag("release", "bool")], min_args=1, max_args=1,
                     use="<rig>/<polecat>"),
}), "standin-ctl")


def main():
    inv = Invocation("standin-ctl", sys.argv[1:], find_town())
    try:
        rc = dispatch_tree(ROOT, inv)
    except CliError as e:
        OUT.e("Error: " + e.msg)
        rc = 1
    sys.stdout.write("".join(OUT.out))
    sys.stderr.write("".join(OUT.err))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(rc)
