# Sourced by benches that compare older code with this checkout's (needs $root).
#   old_build REF   prints a directory laid out for REF's own launcher: `pilotlight`, target/pilotlight.jar
#                   and an empty src/main (so the launcher sees nothing to build). Built once per commit
#                   (offline, tests skipped) in a temporary detached worktree, kept in
#                   /tmp/pilotlight-old-COMMIT; its class-data archives are removed on each call, so the
#                   caller's first runs write them afresh (untimed warm-up runs, as for this checkout's).
old_build() {
    local commit
    commit="$(git -C "$root" rev-parse --verify "$1^{commit}")" || return 1
    local cached="/tmp/pilotlight-old-${commit:0:12}"
    if [[ ! -f "$cached/target/pilotlight.jar" ]]; then
        local tree
        tree="$(mktemp -d /tmp/pilotlight-old-build.XXXXXX)"
        echo "bench: building $1 ($commit) in $tree" >&2
        git -C "$root" worktree add --detach -q "$tree" "$commit"
        if ! (cd "$tree" && mvn -q -B -o -DskipTests -Dmaven.test.skip=true package) >&2; then
            git -C "$root" worktree remove --force "$tree"
            echo "bench: $1 does not build" >&2
            return 1
        fi
        mkdir -p "$cached/target" "$cached/src/main"
        cp "$tree/pilotlight" "$cached/pilotlight"
        cp "$tree/target/pilotlight.jar" "$cached/target/pilotlight.jar.tmp"
        mv "$cached/target/pilotlight.jar.tmp" "$cached/target/pilotlight.jar"
        git -C "$root" worktree remove --force "$tree"
    fi
    rm -f "$cached"/target/*.jsa
    echo "$cached"
}
