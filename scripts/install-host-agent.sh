#!/usr/bin/env bash
# Installs the host agent as a per-user service: a systemd user unit on Linux, a launchd agent on macOS.
#
#   scripts/install-host-agent.sh --config FILE [--jar JAR] [--prefix DIR] [--platform linux|macos] [--no-start]
#                                 [--no-cds]
#   scripts/install-host-agent.sh --uninstall [--prefix DIR] [--platform linux|macos] [--no-start]
#
# Copies the agent's jar to <data>/gastown-agent/host-agent.jar and the configuration to
# <config>/gastown-agent/agent.yaml (mode 0600), writes the service definition and (unless --no-start) enables
# and starts it. The JVM options are those of scripts/host-agent-jvm.options. Unless --no-cds, it then makes an
# AppCDS archive, <data>/gastown-agent/host-agent.jsa, from an offline training run of the installed jar
# (`host-agent cds-training`: no network, no town), which the service maps at every start; a missing or stale
# archive is ignored (-Xshare:auto). --prefix DIR treats DIR as the home directory (for tests and packaging):
# nothing outside it is touched and no service manager is called. The service restarts on failure; logs go to
# the journal (journalctl --user -u gastown-agent) or to ~/Library/Logs/gastown-agent.log.
set -euo pipefail

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

config="" jar="" prefix="" platform="" start=true uninstall=false cds=true
while [ $# -gt 0 ]; do
  case "$1" in
    --config) config=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --prefix) prefix=$2; start=false; shift 2 ;;
    --platform) platform=$2; shift 2 ;;
    --no-start) start=false; shift ;;
    --no-cds) cds=false; shift ;;
    --uninstall) uninstall=true; shift ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done

if [ -z "$platform" ]; then
  case "$(uname -s)" in
    Linux) platform=linux ;;
    Darwin) platform=macos ;;
    *) echo "unsupported system $(uname -s); use --platform linux|macos" >&2; exit 1 ;;
  esac
fi
[ "$platform" = linux ] || [ "$platform" = macos ] || { echo "--platform must be linux or macos" >&2; exit 2; }

home=${prefix:-$HOME}
if [ "$platform" = linux ]; then
  data_dir="$home/.local/share/gastown-agent"
  config_dir="$home/.config/gastown-agent"
  unit_file="$home/.config/systemd/user/gastown-agent.service"
else
  data_dir="$home/Library/Application Support/gastown-agent"
  config_dir="$home/Library/Application Support/gastown-agent"
  unit_file="$home/Library/LaunchAgents/io.gastown.agent.plist"
  log_file="$home/Library/Logs/gastown-agent.log"
fi

if $uninstall; then
  if $start; then
    if [ "$platform" = linux ]; then
      systemctl --user disable --now gastown-agent.service 2>/dev/null || true
    else
      launchctl bootout "gui/$(id -u)" "$unit_file" 2>/dev/null || true
    fi
  fi
  rm -f "$unit_file" "$data_dir/host-agent.jar" "$data_dir/host-agent.jsa"
  $start && [ "$platform" = linux ] && systemctl --user daemon-reload || true
  echo "uninstalled (configuration kept in $config_dir)"
  exit 0
fi

[ -n "$config" ] || { echo "--config FILE is required" >&2; usage; }
[ -f "$config" ] || { echo "no such configuration file: $config" >&2; exit 1; }
if [ -z "$jar" ]; then
  jar="$(cd "$(dirname "$0")/.." && pwd)/host-agent/target/host-agent-0.1.0-SNAPSHOT-all.jar"
fi
[ -f "$jar" ] || { echo "no agent jar at $jar (build it: mvn -pl host-agent -am package -DskipTests)" >&2; exit 1; }
java_bin=$(command -v java || true)
[ -n "$java_bin" ] || { echo "java (17 or newer) is not on PATH" >&2; exit 1; }

# The JVM options: one place for the installer, run-local.sh and the benchmark.
scripts_dir="$(cd "$(dirname "$0")" && pwd)"
options_file="$scripts_dir/host-agent-jvm.options"
[ -f "$options_file" ] || { echo "no JVM options file at $options_file" >&2; exit 1; }
. "$scripts_dir/jvm-options.sh"
read_jvm_options "$options_file"

mkdir -p "$data_dir" "$config_dir" "$(dirname "$unit_file")"
cp "$jar" "$data_dir/host-agent.jar"
install -m 0600 "$config" "$config_dir/agent.yaml"

# AppCDS: an archive of the classes a start loads (the JDK's TLS, netty, gRPC, protobuf, the agent's own),
# written by a training run of the installed jar with the service's own options. It belongs to that jar and
# that JDK: made anew at every install; the JVM ignores it when either changed.
archive="$data_dir/host-agent.jsa"
rm -f "$archive"
cds_opts=()
if $cds; then
  if training=$("$java_bin" "${jvm_opts[@]}" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off \
      -jar "$data_dir/host-agent.jar" cds-training 2>&1) && [ -s "$archive" ]; then
    cds_opts=("-XX:SharedArchiveFile=$archive")
  else
    rm -f "$archive"
    echo "warning: no AppCDS archive (the agent starts, only slower): $(tail -n 3 <<<"$training")" >&2
  fi
fi

xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' <<<"$1"; }

# (${a[@]+"${a[@]}"}: an empty array under set -u in macOS's bash 3.2)
all_opts=("${jvm_opts[@]}" ${cds_opts[@]+"${cds_opts[@]}"})
systemd_args="" plist_args=""
for opt in "${all_opts[@]}"; do
  systemd_args+=" \"$opt\""
  plist_args+="    <string>$(xml_escape "$opt")</string>"$'\n'
done

if [ "$platform" = linux ]; then
  cat > "$unit_file" <<UNIT
[Unit]
Description=Gas Town host agent (gastown-operator)
Documentation=https://github.com/gastown/gastown-operator
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
ExecStart="$java_bin"$systemd_args -jar "$data_dir/host-agent.jar" run --config "$config_dir/agent.yaml"
Restart=on-failure
RestartSec=5s
# the agent reconnects by itself; systemd only restarts a crashed process
StandardOutput=journal
StandardError=journal
NoNewPrivileges=true

[Install]
WantedBy=default.target
UNIT
  if $start; then
    systemctl --user daemon-reload
    systemctl --user enable --now gastown-agent.service
  fi
else
  cat > "$unit_file" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>io.gastown.agent</string>
  <key>ProgramArguments</key>
  <array>
    <string>$(xml_escape "$java_bin")</string>
${plist_args}    <string>-jar</string>
    <string>$(xml_escape "$data_dir/host-agent.jar")</string>
    <string>run</string>
    <string>--config</string>
    <string>$(xml_escape "$config_dir/agent.yaml")</string>
  </array>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>ThrottleInterval</key>
  <integer>5</integer>
  <key>StandardOutPath</key>
  <string>$(xml_escape "$log_file")</string>
  <key>StandardErrorPath</key>
  <string>$(xml_escape "$log_file")</string>
</dict>
</plist>
PLIST
  if $start; then
    mkdir -p "$(dirname "$log_file")"
    launchctl bootout "gui/$(id -u)" "$unit_file" 2>/dev/null || true
    launchctl bootstrap "gui/$(id -u)" "$unit_file"
  fi
fi
echo "installed: $unit_file"
