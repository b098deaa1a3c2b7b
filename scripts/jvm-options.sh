# Sourced by install-host-agent.sh and run-local.sh: reads a JVM options file (one option per line, or several
# separated by spaces; '#' starts a comment) into the array jvm_opts. Works in macOS's bash 3.2 under set -u.
read_jvm_options() {
  jvm_opts=()
  local line words
  while read -r line || [ -n "$line" ]; do
    read -r -a words <<<"${line%%#*}"
    jvm_opts+=(${words[@]+"${words[@]}"})
  done < "$1"
}
