# Sourced by bench/daemon-cycle.sh and bench/daemon-fleet.sh: a pilotlight daemon run from a
# config file, started and stopped by the bench, its API on a free port of 127.0.0.1.
#   start_daemon CONFIG STATE_DIR LOG   starts `./pilotlight daemon` (PILOTLIGHT_JAVA_OPTS apply), sets
#                                       DAEMON_PID (the JVM's pid: the launcher execs java), waits
#                                       up to 120 s for its API
#   stop_daemon                         SIGTERM, then waits up to 60 s (SIGKILL after that)
#   api GET|POST PATH                   one request to the daemon's API (curl)
# Needs $root and DAEMON_PORT (free_port) set.

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

api() {
    curl -sS --max-time 30 -X "$1" "http://127.0.0.1:$DAEMON_PORT$2"
}

start_daemon() {
    local config="$1" state="$2" log="$3"
    "$root/pilotlight" daemon --config "$config" --state-dir "$state" >"$log" 2>&1 &
    DAEMON_PID=$!
    for _ in $(seq 600); do
        api GET /api/status >/dev/null 2>&1 && return 0
        kill -0 "$DAEMON_PID" 2>/dev/null || { echo "bench: the daemon exited; see $log" >&2; tail -20 "$log" >&2; return 1; }
        sleep 0.2
    done
    echo "bench: the daemon's API did not answer in 120 s; see $log" >&2
    return 1
}

stop_daemon() {
    [[ -n "${DAEMON_PID:-}" ]] || return 0
    kill -TERM "$DAEMON_PID" 2>/dev/null || true
    for _ in $(seq 300); do
        kill -0 "$DAEMON_PID" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
    DAEMON_PID=""
}

# process_cpu_ticks PID: user + system clock ticks of a process and of its children it has waited
# for (qemu-img, qemu-nbd of a qemu: source), fields 14-17 of /proc/PID/stat; 0 if it is gone.
process_cpu_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
