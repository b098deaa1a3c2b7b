"""Shared machinery of the stand-in `gt` and `bd`.

Town discovery, JSON in the shapes Go's encoding/json prints, atomic files, the town lock, tmux on the
per-town socket, fault injection and the calls log. Startup time matters (every test and benchmark pays
it), so only modules that import in microseconds are used: no `json` (it pulls in `re`), no `subprocess`,
no `datetime`, no `random`.
"""

import fcntl
import os
import sys
import time

import _json

# --------------------------------------------------------------------------------------------------
# JSON: parsing through the C scanner, printing like Go (two-space indent, HTML-safe escapes).


class _ScanContext:
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    memo = None

    @staticmethod
    def parse_constant(name):
        raise ValueError("invalid JSON constant " + name)


_scan = _json.make_scanner(_ScanContext())
_WS = " \t\n\r"


def jloads(text):
    """Parses one JSON document; raises ValueError when it is not one."""
    n = len(text)
    i = 0
    while i < n and text[i] in _WS:
        i += 1
    try:
        obj, end = _scan(text, i)
    except StopIteration as e:
        raise ValueError("invalid JSON at offset %s" % e.value) from None
    while end < n and text[end] in _WS:
        end += 1
    if end != n:
        raise ValueError("extra data after JSON at offset %d" % end)
    return obj


_enc_str = _json.encode_basestring


def _jstr(s):
    r = _enc_str(s)
    # Go's encoder escapes these even inside strings; clients must not depend on either form.
    if "<" in r or ">" in r or "&" in r or "\u2028" in r or "\u2029" in r:
        r = (
            r.replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
            .replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029")
        )
    return r


def _emit(o, out, indent, level):
    if o is None:
        out.append("null")
    elif o is True:
        out.append("true")
    elif o is False:
        out.append("false")
    elif isinstance(o, str):
        out.append(_jstr(o))
    elif isinstance(o, int):
        out.append(str(o))
    elif isinstance(o, float):
        out.append(repr(o) if o == o and o not in (float("inf"), float("-inf")) else "null")
    elif isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        if indent:
            pad = "\n" + "  " * (level + 1)
            sep = "{"
            for k, v in o.items():
                out.append(sep + pad + _jstr(k) + ": ")
                _emit(v, out, indent, level + 1)
                sep = ","
            out.append("\n" + "  " * level + "}")
        else:
            sep = "{"
            for k, v in o.items():
                out.append(sep + _jstr(k) + ":")
                _emit(v, out, indent, level)
                sep = ","
            out.append("}")
    elif isinstance(o, (list, tuple)):
        if not o:
            out.append("[]")
            return
        if indent:
            pad = "\n" + "  " * (level + 1)
            sep = "["
            for v in o:
                out.append(sep + pad)
                _emit(v, out, indent, level + 1)
                sep = ","
            out.append("\n" + "  " * level + "]")
        else:
            sep = "["
            for v in o:
                out.append(sep)
                _emit(v, out, indent, level)
                sep = ","
            out.append("]")
    else:
        raise TypeError("cannot encode %r" % (o,))


def jdumps(o, indent=True):
    """JSON text as Go's json.Encoder prints it (without the trailing newline)."""
    out = []
    _emit(o, out, indent, 0)
    return "".join(out)


# --------------------------------------------------------------------------------------------------
# Time in the formats gt and bd print.


def rfc3339(t=None):
    """UTC timestamp like Go's time.Time JSON form, e.g. 2026-01-02T15:04:05.123456Z."""
    if t is None:
        t = time.time()
    secs = int(t)
    tm = time.gmtime(secs)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (
        tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int((t - secs) * 1e6))


def go_local(t):
    """Local time as gt prints it in polecat status: 2006-01-02 15:04:05."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t))


def _days_from_civil(y, m, d):
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def parse_rfc3339(s):
    """Epoch seconds of an RFC 3339 timestamp, or None when it is not one."""
    try:
        y, mo, d = int(s[0:4]), int(s[5:7]), int(s[8:10])
        hh, mm, ss = int(s[11:13]), int(s[14:16]), int(s[17:19])
        rest = s[19:]
        frac = 0.0
        if rest.startswith("."):
            j = 1
            while j < len(rest) and rest[j].isdigit():
                j += 1
            frac = float("0" + rest[:j])
            rest = rest[j:]
        off = 0
        if rest in ("Z", "z", ""):
            off = 0
        elif rest[0] in "+-" and len(rest) == 6:
            off = (int(rest[1:3]) * 3600 + int(rest[4:6]) * 60) * (1 if rest[0] == "+" else -1)
        else:
            return None
        return _days_from_civil(y, mo, d) * 86400 + hh * 3600 + mm * 60 + ss + frac - off
    except (ValueError, IndexError):
        return None


# --------------------------------------------------------------------------------------------------
# Files.


def read_text(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return None


def read_json(path, default=None):
    """The parsed file, or `default` when it is missing or not JSON."""
    text = read_text(path)
    if text is None:
        return default
    try:
        return jloads(text)
    except ValueError:
        return default


def write_text(path, text):
    """Atomic replace: readers see the old or the new file, never half of one."""
    tmp = "%s.tmp%d" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def write_json(path, obj):
    write_text(path, jdumps(obj) + "\n")


def mkdirs(path):
    os.makedirs(path, exist_ok=True)


def rmtree(path):
    """Removes a directory tree (shutil would cost an import of `re`)."""
    try:
        entries = list(os.scandir(path))
    except FileNotFoundError:
        return
    except NotADirectoryError:
        os.unlink(path)
        return
    for e in entries:
        if e.is_dir(follow_symlinks=False):
            rmtree(e.path)
        else:
            try:
                os.unlink(e.path)
            except FileNotFoundError:
                pass
    try:
        os.rmdir(path)
    except FileNotFoundError:
        pass


# --------------------------------------------------------------------------------------------------
# Output: buffered, written once at the end so the `truncate` fault can cut it.


class CliError(Exception):
    """A command failure: printed as `Error: <msg>` on stderr, exit 1."""

    def __init__(self, msg, usage=None):
        super().__init__(msg)
        self.msg = msg
        self.usage = usage


class Out:
    def __init__(self):
        self.out = []
        self.err = []

    def p(self, s=""):
        self.out.append(s)
        self.out.append("\n")

    def raw(self, s):
        self.out.append(s)

    def e(self, s=""):
        self.err.append(s)
        self.err.append("\n")

    def json(self, obj, indent=True):
        self.p(jdumps(obj, indent))


OUT = Out()


def _write_fd(fd, data):
    while data:
        try:
            n = os.write(fd, data)
        except BrokenPipeError:
            return
        data = data[n:]


# --------------------------------------------------------------------------------------------------
# Town discovery (as internal/workspace/find.go: the outermost mayor/town.json wins).


def find_town_from(start):
    primary = secondary = None
    cur = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(cur, "mayor", "town.json")):
            primary = cur
        elif secondary is None and os.path.isdir(os.path.join(cur, "mayor")):
            secondary = cur
        parent = os.path.dirname(cur)
        if parent == cur:
            break
        cur = parent
    return primary or secondary


def _is_workspace(d):
    return os.path.exists(os.path.join(d, "mayor", "town.json")) or os.path.isdir(os.path.join(d, "mayor"))


def find_town():
    """The town root, or None: cwd first, then GT_TOWN_ROOT, then GT_ROOT."""
    try:
        cwd = os.getcwd()
    except OSError:
        cwd = None
    if cwd:
        root = find_town_from(cwd)
        if root:
            return root
    for name in ("GT_TOWN_ROOT", "GT_ROOT"):
        v = os.environ.get(name)
        if v and _is_workspace(v):
            return os.path.abspath(v)
    return None


def standin_dir(town):
    d = os.path.join(town, ".standin")
    if not os.path.isdir(d):
        mkdirs(d)
    return d


def config(town):
    """<town>/.standin/config.json: test knobs (see README)."""
    if town is None:
        return {}
    c = read_json(os.path.join(town, ".standin", "config.json"), {})
    return c if isinstance(c, dict) else {}


class TownLock:
    """A process-wide lock: shared for reads, exclusive for writes (flock on <town>/.standin/lock)."""

    def __init__(self, town, exclusive):
        self.fd = os.open(os.path.join(standin_dir(town), "lock"), os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)

    def release(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


# --------------------------------------------------------------------------------------------------
# Processes (posix_spawn: `subprocess` costs several milliseconds to import).


def which(name):
    dirs = os.environ.get("PATH", "").split(":") + ["/usr/local/bin", "/usr/bin", "/bin"]
    for d in dirs:
        if d:
            p = os.path.join(d, name)
            if os.access(p, os.X_OK):
                return p
    return None


def _read_all(fd):
    chunks = []
    while True:
        b = os.read(fd, 65536)
        if not b:
            break
        chunks.append(b)
    os.close(fd)
    return b"".join(chunks).decode("utf-8", "replace")


def run(argv, env=None):
    """Runs argv (never a shell) with stdin closed; returns (exit, stdout, stderr)."""
    r_out, w_out = os.pipe()
    r_err, w_err = os.pipe()
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_DUP2, w_out, 1),
        (os.POSIX_SPAWN_DUP2, w_err, 2),
    ]
    try:
        pid = os.posix_spawn(argv[0], argv, env if env is not None else os.environ, file_actions=actions)
    finally:
        os.close(w_out)
        os.close(w_err)
    out = _read_all(r_out)
    err = _read_all(r_err)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out, err


# --------------------------------------------------------------------------------------------------
# tmux on the per-town socket.


def _sanitize_town_name(name):
    # Go: lowercase, each run of characters outside [a-z0-9-] becomes one '-', trim '-'.
    res = []
    prev_bad = False
    for c in name.lower():
        if "a" <= c <= "z" or "0" <= c <= "9" or c == "-":
            res.append(c)
            prev_bad = False
        elif not prev_bad:
            res.append("-")
            prev_bad = True
    return "".join(res).strip("-") or "default"


def _sha256_hex(data):
    try:
        import _sha256

        return _sha256.sha256(data).hexdigest()
    except ImportError:  # pragma: no cover - other Python builds
        import hashlib

        return hashlib.sha256(data).hexdigest()


def socket_name(town):
    """gt's socket: <sanitized basename>-<first 6 hex of sha256(canonical path)>; GT_TMUX_SOCKET overrides."""
    env = os.environ.get("GT_TMUX_SOCKET", "")
    if env not in ("", "default", "auto"):
        return env
    canonical = os.path.realpath(town)
    return _sanitize_town_name(os.path.basename(town.rstrip("/"))) + "-" + _sha256_hex(canonical.encode())[:6]


def socket_path(sock):
    tmpdir = os.environ.get("TMUX_TMPDIR") or "/tmp"
    return os.path.join(tmpdir, "tmux-%d" % os.getuid(), sock)


class Session:
    __slots__ = ("name", "created", "activity", "windows", "attached")

    def __init__(self, name, created, activity, windows, attached):
        self.name = name
        self.created = created
        self.activity = activity
        self.windows = windows
        self.attached = attached


class Tmux:
    """One tmux server per town. Liveness comes from ONE list-sessions call per gt invocation."""

    # tmux refuses client messages above ~16 KiB, so long command chains are split.
    _CHAIN_BYTES = 12000

    def __init__(self, town):
        self.socket = socket_name(town)
        self.calls = 0
        self._sessions = None
        self._bin = os.environ.get("STANDIN_TMUX") or which("tmux") or "/usr/bin/tmux"

    def cmd(self, *args):
        self.calls += 1
        return run([self._bin, "-u", "-L", self.socket] + list(args))

    def sessions(self):
        """name -> Session for every live session (empty when no server runs)."""
        if self._sessions is None:
            rc, out, _ = self.cmd(
                "list-sessions", "-F",
                "#{session_name}\t#{session_created}\t#{session_activity}\t#{session_windows}\t#{session_attached}")
            res = {}
            if rc == 0:
                for line in out.splitlines():
                    parts = line.split("\t")
                    if len(parts) != 5:
                        continue
                    try:
                        res[parts[0]] = Session(parts[0], int(parts[1]), int(parts[2]), int(parts[3]), int(parts[4]))
                    except ValueError:
                        continue
            self._sessions = res
        return self._sessions

    def alive(self, name):
        return name in self.sessions()

    def chain(self, commands):
        """Runs several tmux commands as `a ; b ; c` in as few client calls as tmux accepts."""
        batch = []
        size = 0
        for c in commands:
            csize = sum(len(x) + 4 for x in c)
            if batch and size + csize > self._CHAIN_BYTES:
                self._run_chain(batch)
                batch, size = [], 0
            batch.append(c)
            size += csize
        if batch:
            self._run_chain(batch)

    def _run_chain(self, batch):
        args = []
        for c in batch:
            if args:
                args.append(";")
            args.extend(c)
        rc, _, err = self.cmd(*args)
        self._sessions = None
        if rc != 0:
            raise CliError("tmux: " + err.strip())

    def new_session(self, name, cwd, command, env=None):
        self.chain([self.new_session_args(name, cwd, command, env)])

    @staticmethod
    def new_session_args(name, cwd, command, env=None):
        args = ["new-session", "-d", "-s", name, "-c", cwd]
        for k, v in (env or {}).items():
            args += ["-e", "%s=%s" % (k, v)]
        args.append(command)
        return args

    def kill(self, names):
        """Kills the named sessions that are alive; returns the names killed."""
        live = self.sessions()
        targets = [n for n in names if n in live]
        if targets:
            self.chain([["kill-session", "-t", "=" + n] for n in targets])
        return targets


def shell_quote(s):
    return "'" + s.replace("'", "'\"'\"'") + "'"


# --------------------------------------------------------------------------------------------------
# Instrumentation: config delay, faults, the calls log.


FAULT_MODES = ("exit1", "hang", "garbage", "truncate", "slow")


def take_fault(town, prog, args):
    """The first fault rule matching this invocation, with `times` counted down; None if none."""
    path = os.path.join(town, ".standin", "faults.json")
    if not os.path.exists(path):
        return None
    # lockf (POSIX record locks) so a Java FileChannel.lock on the same file excludes us too.
    fd = os.open(os.path.join(standin_dir(town), "faults.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX)
        rules = read_json(path, [])
        if not isinstance(rules, list):
            return None
        joined = " ".join(args)
        for i, rule in enumerate(rules):
            if not isinstance(rule, dict) or rule.get("mode") not in FAULT_MODES:
                continue
            if rule.get("prog", "gt") != prog or not joined.startswith(str(rule.get("match", ""))):
                continue
            times = rule.get("times")
            if isinstance(times, int):
                if times <= 1:
                    del rules[i]
                else:
                    rule["times"] = times - 1
                write_json(path, rules)
            return rule
        return None
    finally:
        os.close(fd)


def _log_call(town, record):
    try:
        fd = os.open(os.path.join(standin_dir(town), "calls.jsonl"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, (jdumps(record, indent=False) + "\n").encode("utf-8"))
        finally:
            os.close(fd)
    except OSError:
        pass


class Invocation:
    """What one command run needs: the town (maybe None), tmux, and facts for the calls log."""

    def __init__(self, prog, args, town):
        self.prog = prog
        self.args = args
        self.town = town
        self._tmux = None
        self.extra = {}

    @property
    def tmux(self):
        if self._tmux is None:
            self._tmux = Tmux(self.town)
        return self._tmux

    def tmux_calls(self):
        return self._tmux.calls if self._tmux is not None else 0


def main(prog, dispatch):
    """Runs `dispatch(inv)` (which returns an exit code or raises CliError) with faults and logging."""
    t0 = time.time()
    args = sys.argv[1:]
    town = find_town()
    fault = None
    if town is not None:
        cfg = config(town)
        delay = cfg.get("delay_ms", 0)
        if isinstance(delay, (int, float)) and delay > 0:
            time.sleep(delay / 1000.0)
        fault = take_fault(town, prog, args)
    inv = Invocation(prog, args, town)
    rc = 0
    if fault is not None and fault["mode"] == "hang":
        # Logged now: a hung call is usually killed by its client and would otherwise leave no trace.
        _log_call(town, {"ts": int(t0 * 1000), "prog": prog, "argv": args, "exit": -1, "ms": 0, "tmux": 0,
                         "pid": os.getpid(), "fault": "hang"})
    if fault is not None and fault["mode"] in ("hang", "slow"):
        default_ms = 3600 * 1000 if fault["mode"] == "hang" else 1000
        d = fault.get("delay_ms", default_ms)
        time.sleep((d if isinstance(d, (int, float)) else default_ms) / 1000.0)
    if fault is not None and fault["mode"] == "exit1":
        OUT.e("Error: stand-in fault: injected failure")
        rc = 1
    elif fault is not None and fault["mode"] == "hang":
        OUT.e("Error: stand-in fault: hang ended")
        rc = 1
    elif fault is not None and fault["mode"] == "garbage":
        OUT.raw("\x1b[31m}{ not json ]] \xff garbage from the stand-in\n")
    else:
        try:
            rc = dispatch(inv) or 0
        except CliError as e:
            OUT.e("Error: " + e.msg)
            if e.usage:
                OUT.e(e.usage)
            rc = 1
        if rc == 0 and town is not None and config(town).get("stderr_warning"):
            OUT.e("Warning: this %s binary is stale (stand-in warning; never parse stderr)" % prog)
    out = "".join(OUT.out).encode("utf-8", "surrogateescape")
    if fault is not None and fault["mode"] == "truncate":
        out = out[: len(out) // 2]
    _write_fd(1, out)
    _write_fd(2, "".join(OUT.err).encode("utf-8", "surrogateescape"))
    town = town or inv.town  # `gt install` creates one
    hung = fault is not None and fault["mode"] == "hang"
    if town is not None and not hung and os.path.isdir(os.path.join(town, "mayor")):
        record = {
            "ts": int(t0 * 1000),
            "prog": prog,
            "argv": args,
            "exit": rc,
            "ms": int((time.time() - t0) * 1000),
            "tmux": inv.tmux_calls(),
            "pid": os.getpid(),
        }
        if fault is not None:
            record["fault"] = fault["mode"]
        record.update(inv.extra)
        _log_call(town, record)
    os._exit(rc)


# --------------------------------------------------------------------------------------------------
# A small cobra: command tree, prefix matching of subcommands, flags anywhere, cobra's error texts.


class Flag:
    """kind: bool | str | int | list (repeatable or comma-separated); noopt: value of a bare --flag."""

    def __init__(self, name, kind="bool", short=None, default=None, noopt=None):
        self.name = name
        self.kind = kind
        self.short = short
        self.noopt = noopt
        if default is None:
            default = {"bool": False, "str": "", "int": 0, "list": []}[kind]
        self.default = default


class Cmd:
    """A runnable command: fn(inv, opts, args). `children` makes it a hybrid (like `gt sling respawn-reset`)."""

    def __init__(self, fn, flags=(), min_args=0, max_args=None, use="", children=None, hidden=False,
                 arg_error=None):
        self.fn = fn
        self.flags = list(flags)
        self.min_args = min_args
        self.max_args = max_args
        self.use = use
        self.children = children or {}
        self.hidden = hidden
        self.arg_error = arg_error
        self.path = ""


class Group:
    """A parent command that requires a subcommand (gt's requireSubcommand)."""

    def __init__(self, children, aliases=None):
        self.children = children
        self.aliases = aliases or {}
        self.path = ""


def finish_tree(node, path):
    node.path = path
    for name, child in node.children.items():
        finish_tree(child, path + " " + name)
    return node


class Opts(dict):
    def __getattr__(self, k):
        return self[k]

    def changed(self, name):
        return name in self["_changed"]


def _find_child(node, name, allow_prefix):
    if name in node.children:
        return node.children[name]
    aliases = getattr(node, "aliases", {})
    if name in aliases:
        return node.children[aliases[name]]
    if allow_prefix and name:
        hits = [k for k, c in node.children.items() if k.startswith(name) and not getattr(c, "hidden", False)]
        if len(hits) == 1:
            return node.children[hits[0]]
    return None


def resolve(root, args):
    """(command, remaining args) for argv; raises CliError for unknown commands; None, None for help."""
    node = root
    rest = list(args)
    while True:
        pos = next((i for i, a in enumerate(rest) if not a.startswith("-") or a == "-"), None)
        if "--" in rest and pos is not None and rest.index("--") < pos:
            pos = None
        if isinstance(node, Group):
            if pos is None:
                if "-h" in rest or "--help" in rest:
                    return None, None
                if node is root:
                    return None, None
                raise CliError("requires a subcommand\n\nRun '%s --help' for usage" % node.path)
            name = rest[pos]
            child = _find_child(node, name, True)
            if child is None:
                raise CliError('unknown command "%s" for "%s"' % (name, node.path)
                               + ("\nRun '%s --help' for usage." % node.path if node is root else ""))
            del rest[pos]
            node = child
            continue
        if node.children and pos is not None:
            child = node.children.get(rest[pos])
            if child is not None:
                del rest[pos]
                node = child
                continue
        return node, rest


def _parse_value(flag, raw, shown):
    if flag.kind == "int":
        try:
            return int(raw)
        except ValueError:
            raise CliError('invalid argument "%s" for "%s" flag: strconv.ParseInt: parsing "%s": invalid syntax'
                           % (raw, shown, raw)) from None
    if flag.kind == "bool":
        if raw in ("1", "t", "T", "true", "TRUE", "True"):
            return True
        if raw in ("0", "f", "F", "false", "FALSE", "False"):
            return False
        raise CliError('invalid argument "%s" for "%s" flag: strconv.ParseBool: parsing "%s": invalid syntax'
                       % (raw, shown, raw))
    return raw


def parse_flags(cmd, args):
    """(Opts, positional args) for a leaf command, with pflag's error texts."""
    by_name = {f.name: f for f in cmd.flags}
    by_short = {f.short: f for f in cmd.flags if f.short}
    opts = Opts((f.name.replace("-", "_"), list(f.default) if f.kind == "list" else f.default) for f in cmd.flags)
    opts["_changed"] = set()
    positional = []
    usage = "Run '%s --help' for usage." % cmd.path.strip()

    def setv(flag, value):
        key = flag.name.replace("-", "_")
        if flag.kind == "list":
            opts[key] = opts[key] + [v for v in value.split(",") if v != ""]
        else:
            opts[key] = value
        opts["_changed"].add(flag.name)

    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a == "--":
            positional.extend(args[i:])
            break
        if a.startswith("--"):
            name, eq, val = a[2:].partition("=")
            if name == "help":
                return None, None
            flag = by_name.get(name)
            if flag is None:
                raise CliError("unknown flag: --" + name, usage)
            shown = "--" + name
            if eq:
                setv(flag, _parse_value(flag, val, shown))
            elif flag.kind == "bool":
                setv(flag, True)
            elif flag.noopt is not None:
                setv(flag, flag.noopt)
            else:
                if i >= len(args):
                    raise CliError("flag needs an argument: --" + name, usage)
                setv(flag, _parse_value(flag, args[i], shown))
                i += 1
        elif a.startswith("-") and a != "-":
            j = 1
            while j < len(a):
                c = a[j]
                j += 1
                if c == "h":
                    return None, None
                flag = by_short.get(c)
                if flag is None:
                    raise CliError("unknown shorthand flag: '%s' in %s" % (c, a), usage)
                shown = "-" + c
                if flag.kind == "bool":
                    if j < len(a) and a[j] == "=":
                        setv(flag, _parse_value(flag, a[j + 1:], shown))
                        break
                    setv(flag, True)
                    continue
                val = a[j:]
                if val.startswith("="):
                    val = val[1:]
                if val == "":
                    if i >= len(args):
                        raise CliError("flag needs an argument: '%s' in %s" % (c, a), usage)
                    val = args[i]
                    i += 1
                setv(flag, _parse_value(flag, val, shown))
                break
        else:
            positional.append(a)
    n = len(positional)
    if n < cmd.min_args or (cmd.max_args is not None and n > cmd.max_args):
        if cmd.arg_error:
            raise CliError(cmd.arg_error)
        if cmd.max_args == cmd.min_args:
            raise CliError("accepts %d arg(s), received %d" % (cmd.min_args, n))
        if n < cmd.min_args:
            raise CliError("requires at least %d arg(s), only received %d" % (cmd.min_args, n))
        raise CliError("accepts at most %d arg(s), received %d" % (cmd.max_args, n))
    return opts, positional


def help_text(node, prog):
    lines = ["Usage:"]
    if isinstance(node, Group):
        lines.append("  %s [command]" % node.path.strip())
        lines.append("")
        lines.append("Available Commands:")
        for name, child in node.children.items():
            if not getattr(child, "hidden", False):
                lines.append("  %s" % name)
    else:
        lines.append("  %s %s [flags]" % (node.path.strip(), node.use))
        if node.flags:
            lines.append("")
            lines.append("Flags:")
            for f in node.flags:
                lines.append("  %s--%s" % ("-%s, " % f.short if f.short else "    ", f.name))
    return "\n".join(lines)


def dispatch_tree(root, inv):
    """Resolves and runs a command of `root` for inv.args."""
    node, rest = resolve(root, inv.args)
    if node is None:
        target = root
        try:
            target, _ = resolve(root, [a for a in inv.args if a not in ("-h", "--help")])
        except CliError:
            pass
        OUT.p(help_text(target or root, inv.prog))
        return 0
    opts, args = parse_flags(node, rest)
    if opts is None:
        OUT.p(help_text(node, inv.prog))
        return 0
    return node.fn(inv, opts, args)
