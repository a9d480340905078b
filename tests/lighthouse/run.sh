#!/usr/bin/env bash
# Lighthouse (its default mobile preset: an emulated phone, simulated slow 4G and CPU) with Debian's Chromium on the
# atlas's home, an indicator, a district profile, a comparison of two districts, a Städtevergleich page, Bedarf und
# Angebot, the offers directory, one district's offers and the suggestion form.
# It publishes the bundled sample into a temporary data folder, starts `talentdata serve` on 127.0.0.1, prints the four
# scores of every page (and what cost points) and exits 1 when any score is below 95. Not part of `dotnet test`:
#   bash tests/lighthouse/run.sh            (needs the .NET SDK, node and /usr/bin/chromium; npm ci here on first use)
#   bash tests/lighthouse/run.sh --update-readme   also writes the table into README.md between its lighthouse markers
set -euo pipefail
update_readme=false
[ "${1:-}" = "--update-readme" ] && update_readme=true
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
chromium=${CHROME_PATH:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "$chromium is missing: apt-get install chromium (or set CHROME_PATH)"; exit 2; }
[ -x "$here/node_modules/.bin/lighthouse" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

dotnet build "$repo/src/TalentData.Cli" -c Debug -nologo -v q >/dev/null
talentdata="$repo/src/TalentData.Cli/bin/Debug/net10.0/talentdata"
work=$(mktemp -d)
serve=""
cleanup() {
  if [ -n "$serve" ]; then kill "$serve" 2>/dev/null || true; wait "$serve" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "publishing the sample into $work/data …"
"$talentdata" run --data-dir "$work/data" >"$work/run.log" 2>&1 || { tail -20 "$work/run.log"; echo "the sample run failed"; exit 1; }

# A free port on the loopback address, asked from the system.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
base="http://127.0.0.1:$port"
"$talentdata" serve --data-dir "$work/data" --urls "$base" >"$work/serve.log" 2>&1 &
serve=$!
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "$base/" 2>/dev/null && break
  kill -0 "$serve" 2>/dev/null || { tail -20 "$work/serve.log"; echo "talentdata serve stopped"; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null "$base/" || { tail -20 "$work/serve.log"; echo "talentdata serve did not answer on $base"; exit 1; }

pages=(
  "home|/"
  "indicator|/indikatoren/unemployment_density?ebene=statistischer_bezirk&bezirk=530"
  "profile|/bezirke/20"
  "comparison|/vergleich?a=statistischer_bezirk:050&b=statistischer_bezirk:530"
  "staedtevergleich|/staedtevergleich/unemployment_rate_official"
  "bedarf|/bedarf-und-angebot"
  "offers|/angebote"
  "district-offers|/angebote/bezirke/20"
  "suggest|/angebote/vorschlagen"
)
reports=()
for entry in "${pages[@]}"; do
  name=${entry%%|*}
  path=${entry#*|}
  echo "lighthouse $path …"
  CHROME_PATH="$chromium" "$here/node_modules/.bin/lighthouse" "$base$path" --quiet \
    --output=json --output-path="$work/$name.json" --chrome-flags="--headless=new --no-sandbox"
  reports+=("$name=$work/$name.json")
done
status=0
node "$here/scores.mjs" "${reports[@]}" | tee "$work/scores.txt" || status=$?
if $update_readme; then
  load=$(cut -d' ' -f1 /proc/loadavg)
  python3 - "$repo/README.md" "$work/scores.txt" "$(date -u +%Y-%m-%dT%H:%MZ)" "$load" "$status" <<'PY'
import re, sys
readme, scores, when, load, status = sys.argv[1:]
lines = open(scores, encoding="utf-8").read().splitlines()
table = [l for l in lines if l.startswith("|")]
verdict = "every score at least 95" if status == "0" else "a score below 95: MISSED"
block = (f"Command: `bash tests/lighthouse/run.sh --update-readme`; {when}, 2 cores, load average {load} at the end; {verdict}.\n\n"
         + "\n".join(table))
text = open(readme, encoding="utf-8").read()
new, n = re.subn(r"(<!-- lighthouse:start -->\n).*?(<!-- lighthouse:end -->)", lambda m: m.group(1) + block + "\n" + m.group(2), text, flags=re.S)
if n != 1:
    sys.exit("README.md has no <!-- lighthouse:start --> … <!-- lighthouse:end --> block")
open(readme, "w", encoding="utf-8").write(new)
print("README.md: the scores written between the lighthouse markers")
PY
fi
exit $status
