# Sourced by the retention benches. start_s3proxy DIR BUCKET... starts S3Proxy 2.9.0 the way the
# tests do (bench/S3ProxyServer.java over S3ProxyFixture: filesystem provider, AWS v2/v4 auth) on a
# free port of 127.0.0.1, data under DIR, the buckets created; it sets S3_ENDPOINT, S3PROXY_PID and
# the AWS_* credentials pilotlight reads. stop_s3proxy ends it (call it from a trap). The class path
# is the project's test class path, which Maven resolves offline (S3Proxy is a test dependency);
# it needs target/test-classes (mvn -o test-compile).

s3proxy_classpath() {
    local cached="$root/bench/out/s3proxy.classpath"
    if [[ ! -s "$cached" || "$root/pom.xml" -nt "$cached" ]]; then
        (cd "$root" && mvn -o -X test-compile 2>/dev/null) | grep -m1 '(f) testPath = ' \
            | sed 's/.*testPath = \[//; s/\]$//; s/, /:/g' >"$cached"
    fi
    cat "$cached"
}

start_s3proxy() {
    local dir="$1"
    shift
    mkdir -p "$dir/data"
    rm -f "$dir/endpoint"
    java -cp "$(s3proxy_classpath)" "$root/bench/S3ProxyServer.java" "$dir/data" "$@" >"$dir/endpoint" 2>"$dir/s3proxy.log" &
    S3PROXY_PID=$!
    for _ in $(seq 300); do
        [[ -s "$dir/endpoint" ]] && break
        kill -0 "$S3PROXY_PID" 2>/dev/null || { echo "bench: S3Proxy exited; see $dir/s3proxy.log" >&2; return 1; }
        sleep 0.2
    done
    S3_ENDPOINT="$(head -1 "$dir/endpoint")"
    [[ -n "$S3_ENDPOINT" ]] || { echo "bench: S3Proxy did not start in 60 s" >&2; return 1; }
    export AWS_ACCESS_KEY_ID=pilotlight-test AWS_SECRET_ACCESS_KEY=pilotlight-test-secret AWS_REGION=us-east-1
    export AWS_CONFIG_FILE="$dir/no-aws-config" AWS_SHARED_CREDENTIALS_FILE="$dir/no-aws-credentials"
    echo "bench: S3Proxy on $S3_ENDPOINT, pid $S3PROXY_PID" >&2
}

stop_s3proxy() {
    if [[ -n "${S3PROXY_PID:-}" ]]; then
        kill "$S3PROXY_PID" 2>/dev/null || true
        wait "$S3PROXY_PID" 2>/dev/null || true
    fi
}

# cpu_ticks PID: user + system clock ticks of a running process (0 if it is gone).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# Builds $root/target/pilotlight.jar when it is missing or older than the sources, and the test classes
# S3Proxy is started from (their class path) when they are missing.
build_jar_and_test_classes() {
    local jar="$root/target/pilotlight.jar"
    if [[ ! -f "$jar" || -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
        echo "bench: building $jar" >&2
        (cd "$root" && mvn -q -B -o -DskipTests package) >&2
    fi
    [[ -d "$root/target/test-classes" ]] || (cd "$root" && mvn -q -B -o test-compile) >&2
}

# start_proxy SCHEME (http or https): goal 3's benches' S3Proxy, with buckets seed and pilotlight, data under
# $work/s3-SCHEME, its log in $out; sets endpoint, proxy_pid, aws_cli (the aws CLI and its arguments) and
# tls_opts (the JVM's trust store over https). The caller defines work, out and die. stop_proxy ends it.
start_proxy() {
    local dir="$work/s3-$1" flag=()
    mkdir -p "$dir/data"
    [[ "$1" == https ]] && flag=(--https)
    java -cp "$(s3proxy_classpath)" "$root/bench/S3ProxyServer.java" "${flag[@]}" "$dir/data" seed pilotlight \
        >"$dir/endpoint" 2>"$out/s3proxy-$1.log" &
    proxy_pid=$!
    for _ in $(seq 300); do
        [[ -f "$dir/endpoint" && "$(wc -l <"$dir/endpoint")" -ge $((${#flag[@]} + 1)) ]] && break
        kill -0 "$proxy_pid" 2>/dev/null || die "S3Proxy exited; see $out/s3proxy-$1.log"
        sleep 0.2
    done
    endpoint="$(sed -n 1p "$dir/endpoint")"
    [[ -n "$endpoint" ]] || die "S3Proxy did not start in 60 s"
    export AWS_ACCESS_KEY_ID=pilotlight-test AWS_SECRET_ACCESS_KEY=pilotlight-test-secret AWS_REGION=us-east-1
    export AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE="$dir/no-aws-config" AWS_SHARED_CREDENTIALS_FILE="$dir/none"
    aws_cli=(aws --endpoint-url "$endpoint")
    tls_opts=""
    if [[ "$1" == https ]]; then
        local store
        store="$(sed -n 2p "$dir/endpoint")"
        keytool -exportcert -rfc -alias s3proxy -keystore "$store" -storepass pilotlight-test-tls >"$dir/ca.pem" 2>/dev/null
        aws_cli+=(--ca-bundle "$dir/ca.pem")
        tls_opts="-Djavax.net.ssl.trustStore=$store -Djavax.net.ssl.trustStorePassword=pilotlight-test-tls"
        tls_opts+=" -Djavax.net.ssl.trustStoreType=PKCS12"
    fi
    echo "bench: S3Proxy on $endpoint, pid $proxy_pid" >&2
}

stop_proxy() { kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; proxy_pid=""; }
