#!/usr/bin/env bash
# Coverage-guided fuzzing of one SesMail target with afl-fuzz and SharpFuzz (docs/DEVELOPMENT.md, "Fuzzing").
#   tests/SesMail.Fuzzing/fuzz.sh <target> [seconds]     e.g. fuzz.sh dynamodb-expression 3600
# Needs afl-fuzz (apt-get install afl++) and the SharpFuzz tool (dotnet tool install -g SharpFuzz.CommandLine).
# Findings land in .sesmail/fuzz/<target>/findings/default/crashes; copy each into Crashers/<target>/ once fixed.
set -euo pipefail
target="${1:?usage: fuzz.sh <target> [seconds]   (targets: dotnet run --project tests/SesMail.Fuzzing -- list)}"
seconds="${2:-600}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.sesmail/fuzz/$target"
bin="$out/bin"
sharpfuzz="${SHARPFUZZ:-$(command -v sharpfuzz || echo "$HOME/.dotnet/tools/sharpfuzz")}"

dotnet publish "$root/tests/SesMail.Fuzzing" -c Release -o "$bin" --nologo -v quiet
# Instrument the assemblies that parse outside input (SharpFuzz rewrites them in place).
for dll in SesMail.Emulator SesMail.Functions SesMail.Aws SesMail.Infrastructure SesMail.LocalRuntime SmtpServer MimeKit YamlDotNet; do
  [ -f "$bin/$dll.dll" ] && "$sharpfuzz" "$bin/$dll.dll" >/dev/null
done

mkdir -p "$out/findings"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
exec afl-fuzz -V "$seconds" -t 10000 -m none -i "$root/tests/SesMail.Fuzzing/Corpus/$target" -o "$out/findings" \
  -- "$bin/SesMail.Fuzzing" "$target"
