#!/usr/bin/env bash
# Measures orgsite against nginx serving the same pages as static files, on
# this machine, in one run. Prints one table: page, ours req/s, nginx req/s,
# ratio, p50, p99, RSS. Long on purpose; not part of CI.
#
#   bench/run.sh                  # 15 s per measurement, as the budgets say
#   DURATION=5s bench/run.sh      # quicker, noisier
#
# Everything talks to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
CONNS=${CONNS:-64}
WORK=${WORK:-$(mktemp -d /tmp/orgsite-bench-XXXXXX)}
OURS_PORT=${OURS_PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
BIG=${BIG:-100000}
SMALL=${SMALL:-1000}
cold=()

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk || ! need nginx; then
  echo "installing wrk and nginx from Debian…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
fi

echo "building…" >&2
go build -trimpath -o "$WORK/orgsite" ./cmd/orgsite
BIN="$WORK/orgsite"

corpus() { # corpus N → folder with x.db and media, made once
  local dir="$WORK/corpus-$1"
  if [ ! -f "$dir/x.db" ]; then
    mkdir -p "$dir"
    "$BIN" demo --news "$1" --db "$dir/x.db" --media "$dir/media" >&2
  fi
  echo "$dir"
}

SERVER_PID=""
start_ours() { # start_ours DIR [more serve flags]
  stop_ours
  "$BIN" serve --addr "127.0.0.1:$OURS_PORT" --db "$1/x.db" --media "$1/media" \
    --base-url "http://127.0.0.1:$OURS_PORT" "${@:2}" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 200); do
    curl -fs "http://127.0.0.1:$OURS_PORT/healthz" >/dev/null 2>&1 && return 0
    sleep 0.01
  done
  echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_ours() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}
NGINX_CONF="$WORK/nginx.conf"
start_nginx() { # start_nginx ROOT
  cat >"$NGINX_CONF" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 1000000;
  default_type text/html;
  types { text/html html; text/css css; application/xml xml; image/svg+xml svg; image/jpeg jpg; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $1;
    location / { try_files \$uri \$uri.html \$uri/index.html =404; }
  }
}
CONF
  nginx -c "$NGINX_CONF" -p "$WORK" -g 'daemon on;'
}
stop_nginx() { [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; rm -f "$WORK/nginx.pid"; sleep 0.2; }
trap 'stop_ours; stop_nginx' EXIT

# run_wrk URL → "rps p50ms p99ms errors". One request first: both servers
# are measured warm (nginx's page cache, our render cache), as in steady
# state; the cold render of each page is timed separately below.
run_wrk() {
  local out
  curl -s -o /dev/null "$1"
  out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$1" 2>&1)
  local rps p50 p99 errs non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "$rps $(ms "$p50") $(ms "$p99") $(( ${errs:-0} + ${non2xx:-0} ))"
}
ms() { # wrk latency (e.g. 512.00us, 1.20ms, 1.1s) → milliseconds
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'
}
rss_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status"; }

printf '\n%-34s %10s %10s %6s %8s %8s %7s %6s\n' page "ours r/s" "nginx r/s" ratio "p50 ms" "p99 ms" "RSS MB" errors
row() { printf '%-34s %10s %10s %6s %8s %8s %7s %6s\n' "$@"; }

# 1. Small corpus, side by side with nginx on the same bytes.
SMALLDIR=$(corpus "$SMALL")
start_ours "$SMALLDIR"
ITEM=$(curl -fs "http://127.0.0.1:$OURS_PORT/news" | grep -o 'href="/news/[a-z0-9-]*"' | head -1 | cut -d'"' -f2)
# The same templates in the site's other languages: a cached page in any
# language has the same budget.
PAGES=("/" "/news" "$ITEM" "/projects/mobilaze" "/az/news/bakida-beynelxalq-konfrans-mobillik-terefdasligi"
  "/ru/projects/podderzhka-realizatsii-partnerstva-v-sfere-mobilnosti-s-azerbaydzhanom"
  "/events/evidas-inception-meeting" "/publications/partnership-in-practice" "/calls")
rm -rf "$WORK/static"; mkdir -p "$WORK/static"
# The exact bytes the server sends, as files nginx can serve.
"$BIN" export --db "$SMALLDIR/x.db" --media "$SMALLDIR/media" --base-url "http://127.0.0.1:$OURS_PORT" "$WORK/static" >&2
start_nginx "$WORK/static"
declare -A SMALL_P99
for p in "${PAGES[@]}"; do
  read -r o_rps o_p50 o_p99 o_err < <(run_wrk "http://127.0.0.1:$OURS_PORT$p")
  read -r n_rps _ _ n_err < <(run_wrk "http://127.0.0.1:$NGINX_PORT$p")
  SMALL_P99[$p]=$o_p99
  [ "$p" = "/" ] && ROOT_RPS=$o_rps
  row "$p ($SMALL)" "$o_rps" "$n_rps" "$(awk -v a="$o_rps" -v b="$n_rps" 'BEGIN{printf "%.2f", a/b}')" "$o_p50" "$o_p99" "$(rss_mb)" "$o_err/$n_err"
done
stop_nginx
# The same page with Prometheus metrics on: the budget is under 3 % less.
start_ours "$SMALLDIR" --metrics-addr "127.0.0.1:${METRICS_PORT:-18082}"
read -r m_rps m_p50 m_p99 m_err < <(run_wrk "http://127.0.0.1:$OURS_PORT/")
row "/ with --metrics-addr ($SMALL)" "$m_rps" "-" "$(awk -v a="$m_rps" -v b="$ROOT_RPS" 'BEGIN{printf "%.2f", a/b}')" "$m_p50" "$m_p99" "$(rss_mb)" "$m_err (ratio: against / without)"
# Publishing under load: an editor publishes a news item through the admin
# every 0.5 s while wrk reads /news; every save must land (303) and the
# last one be on /news at once.
printf 'bench-password-123\n' | "$BIN" user add --email bench@example.org --name Bench --role editor \
  --db "$SMALLDIR/x.db" >/dev/null 2>&1 || true
start_ours "$SMALLDIR"
JAR="$WORK/cookies"; rm -f "$JAR"
csrf() { curl -fs -b "$JAR" -c "$JAR" "http://127.0.0.1:$OURS_PORT$1" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | cut -d'"' -f4; }
curl -fs -b "$JAR" -c "$JAR" -o /dev/null "http://127.0.0.1:$OURS_PORT/admin/login" \
  --data-urlencode "_csrf=$(csrf /admin/login)" --data-urlencode email=bench@example.org --data-urlencode password=bench-password-123
publish() {
  local n=0 ok=0
  while [ -f "$WORK/publishing" ]; do
    n=$((n + 1))
    code=$(curl -s -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code}' "http://127.0.0.1:$OURS_PORT/admin/news/new" \
      --data-urlencode "_csrf=$(csrf /admin/news/new)" --data-urlencode "title=Published under load $n" \
      --data-urlencode "body=Text." --data-urlencode status=published --data-urlencode action=publish)
    [ "$code" = 303 ] && ok=$((ok + 1))
    sleep 0.5
  done
  echo "$ok/$n" >"$WORK/published"
}
touch "$WORK/publishing"; publish & PUB=$!
read -r l_rps l_p50 l_p99 l_err < <(run_wrk "http://127.0.0.1:$OURS_PORT/news")
rm -f "$WORK/publishing"; wait $PUB
last=$(tail -c 100 "$WORK/published" | cut -d/ -f2)
shown=$(curl -fs "http://127.0.0.1:$OURS_PORT/news" | grep -c "Published under load $last<" || true)
row "/news, a publish every 0.5 s ($SMALL)" "$l_rps" "-" "-" "$l_p50" "$l_p99" "$(rss_mb)" "$l_err (saved $(cat "$WORK/published"), last on /news: $shown)"
read -r _ s_tag50 s_tag99 _ < <(run_wrk "http://127.0.0.1:$OURS_PORT/tags/events")
read -r _ s_srch50 s_srch99 _ < <(run_wrk "http://127.0.0.1:$OURS_PORT/search?q=migration")
read -r _ s_deep50 s_deep99 _ < <(run_wrk "http://127.0.0.1:$OURS_PORT/news?page=$(( SMALL / 12 ))")
stop_ours

# 2. The big corpus: the same pages, deep pages, tags and search, compared
#    with their latency at the small one.
BIGDIR=$(corpus "$BIG")
start_ours "$BIGDIR" # a first start applies any pending migrations
stop_ours
start=$(date +%s%N)
start_ours "$BIGDIR"
startup_ms=$(( ($(date +%s%N) - start) / 1000000 ))
# Cold renders (after a write every page is rendered once, then cached).
for p in / /news "/news?page=2000" /tags/events "/search?q=migration"; do
  cold+=("$p $(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$OURS_PORT$p")")
done
ITEM=$(curl -fs "http://127.0.0.1:$OURS_PORT/news" | grep -o 'href="/news/[a-z0-9-]*"' | head -1 | cut -d'"' -f2)
for p in "/" "/news" "$ITEM" "/projects/mobilaze"; do
  key=$p; [ "$p" = "$ITEM" ] && key="${PAGES[2]}"
  read -r o_rps o_p50 o_p99 o_err < <(run_wrk "http://127.0.0.1:$OURS_PORT$p")
  row "$p ($BIG)" "$o_rps" "-" "-" "$o_p50" "$o_p99" "$(rss_mb)" "$o_err (p99 ×$(awk -v a="$o_p99" -v b="${SMALL_P99[$key]}" 'BEGIN{printf "%.2f", a/b}'))"
done
read -r o_rps o_p50 o_p99 o_err < <(run_wrk "http://127.0.0.1:$OURS_PORT/news?page=2000")
row "/news?page=2000 ($BIG)" "$o_rps" "-" "-" "$o_p50" "$o_p99" "$(rss_mb)" "$o_err (p99 ×$(awk -v a="$o_p99" -v b="$s_deep99" 'BEGIN{printf "%.2f", a/b}') vs page $(( SMALL / 12 )))"
read -r o_rps o_p50 o_p99 o_err < <(run_wrk "http://127.0.0.1:$OURS_PORT/tags/events")
row "/tags/events ($BIG)" "$o_rps" "-" "-" "$o_p50" "$o_p99" "$(rss_mb)" "$o_err (p99 ×$(awk -v a="$o_p99" -v b="$s_tag99" 'BEGIN{printf "%.2f", a/b}'))"
read -r o_rps o_p50 o_p99 o_err < <(run_wrk "http://127.0.0.1:$OURS_PORT/search?q=migration")
row "/search?q=migration ($BIG)" "$o_rps" "-" "-" "$o_p50" "$o_p99" "$(rss_mb)" "$o_err (p99 ×$(awk -v a="$o_p99" -v b="$s_srch99" 'BEGIN{printf "%.2f", a/b}'))"

# A backup of the big database while wrk reads /: pages keep their p99.
( sleep 2; "$BIN" backup --db "$BIGDIR/x.db" "$WORK/backup-under-load.db" >/dev/null 2>&1; rm -f "$WORK/backup-under-load.db" ) &
backup_pid=$!
read -r o_rps o_p50 o_p99 o_err < <(run_wrk "http://127.0.0.1:$OURS_PORT/")
wait "$backup_pid"
row "/ during orgsite backup ($BIG)" "$o_rps" "-" "-" "$o_p50" "$o_p99" "$(rss_mb)" "$o_err (budget p99 < 20 ms)"

# 3. Sitemap at the big corpus: each part streamed; RSS growth while serving.
before=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
peak=$before
for part in /sitemap.xml /sitemaps/sitemap-1.xml /sitemaps/sitemap-2.xml /sitemaps/sitemap-3.xml; do
  t=$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}' "http://127.0.0.1:$OURS_PORT$part")
  now=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status"); [ "$now" -gt "$peak" ] && peak=$now
  row "$part ($BIG)" "-" "-" "-" "$(awk -v s="$(cut -d' ' -f2 <<<"$t")" 'BEGIN{printf "%.0f", s*1000}')" "-" "$(rss_mb)" "HTTP $(cut -d' ' -f1 <<<"$t"), $(cut -d' ' -f3 <<<"$t") bytes"
done
echo
echo "cold render at $BIG items (first request after start or a write, in seconds):"
printf '  %s\n' "${cold[@]}"
echo "start-up to first 200 on the $BIG-item database: ${startup_ms} ms (includes process start and the /healthz poll)"
echo "RSS growth while serving the sitemap: $(( (peak - before) / 1024 )) MB; peak RSS under load (VmHWM): $(rss_mb) MB"
echo "wrk -t2 -c$CONNS -d$DURATION on 127.0.0.1; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
