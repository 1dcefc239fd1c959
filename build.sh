#!/usr/bin/env bash
# Gem's build entry point.
#   ./build.sh test              build everything and run all tests
#   ./build.sh demo [args]       run the main sample (args go to the sample; --help lists them)
#   ./build.sh bench [suite]     run a benchmark suite (entropy, generation, quality, ...) in Release
#   ./build.sh pack              write Gem.Entropy, Gem.Sega and Gem.Core packages to artifacts/packages
#   ./build.sh verify-packages   restore and run a separate consumer project from artifacts/packages
# Options through the environment: CONFIGURATION (default Release), TORCH_BACKEND (cpu | cuda-windows | cuda-linux),
# GEM_DATA_DIR (default ../shared/data).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

configuration="${CONFIGURATION:-Release}"
backend="${TORCH_BACKEND:-cpu}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
msbuild_args=(-c "$configuration" "-p:TorchBackend=$backend")
# libtorch's OpenMP threads spin while they wait. Where the cores are oversubscribed (test assemblies run side by side;
# benchmarks on a shared machine) that makes small torch operations many times slower (measured: 8x for a decoding
# step), so `test` and `bench` wait passively. The demo keeps libtorch's default: on an idle machine passive waiting
# made it 1.7x slower (136 s against 80 s). Set OMP_WAIT_POLICY yourself to override either choice.
passive_omp() { export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"; }

prerequisites() {
  command -v dotnet >/dev/null 2>&1 || {
    echo "error: the .NET 10 SDK is required (https://dotnet.microsoft.com/download); 'dotnet' is not on PATH." >&2
    exit 1
  }
  bash "$root/eng/ensure-libstdcxx.sh"
}

data_dir() {
  if [ -n "${GEM_DATA_DIR:-}" ]; then echo "$GEM_DATA_DIR"; else echo "$root/../shared/data"; fi
}

summarise_results() {
  # One plain closing line over all test assemblies: 'N passed, N failed, N skipped'.
  local dir="$1" passed=0 failed=0 skipped=0 f p fl s
  for f in "$dir"/*.trx; do
    [ -e "$f" ] || continue
    p=$(grep -o '<Counters [^>]*' "$f" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    fl=$(grep -o '<Counters [^>]*' "$f" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    s=$(grep -o '<Counters [^>]*' "$f" | grep -o ' notExecuted="[0-9]*"' | grep -o '[0-9]*' || echo 0)
    passed=$((passed + p)); failed=$((failed + fl)); skipped=$((skipped + s))
  done
  echo "Tests: $passed passed, $failed failed, $skipped skipped"
}

cmd_test() {
  prerequisites
  passive_omp
  local results="$root/artifacts/test-results"
  rm -rf "$results"; mkdir -p "$results"
  GEM_DATA_DIR="$(data_dir)"; export GEM_DATA_DIR
  dotnet build Gem.sln "${msbuild_args[@]}"
  local rc=0
  dotnet test Gem.sln "${msbuild_args[@]}" --no-build --logger "trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@" || rc=$?
  summarise_results "$results"
  return $rc
}

cmd_demo() {
  prerequisites
  GEM_DATA_DIR="$(data_dir)"; export GEM_DATA_DIR
  local project
  project="$(demo_project)"
  dotnet run --project "$project" "${msbuild_args[@]}" -- "$@"
}

demo_project() {
  local candidate
  for candidate in samples/Gem.Samples.QuickStart samples/Gem.Samples.Pretrained samples/Gem.Samples.CustomScorer; do
    [ -d "$candidate" ] && { echo "$candidate"; return; }
  done
  echo "error: no sample project found under samples/." >&2
  exit 1
}

cmd_bench() {
  prerequisites
  passive_omp
  GEM_DATA_DIR="$(data_dir)"; export GEM_DATA_DIR
  mkdir -p artifacts/bench
  dotnet run --project benchmarks/Gem.Benchmarks -c Release "-p:TorchBackend=$backend" -- "$@"
}

cmd_pack() {
  rm -rf artifacts/packages
  local project
  for project in src/Gem.Entropy src/Gem.Sega src/Gem.Core; do
    dotnet pack "$project" "${msbuild_args[@]}" -o artifacts/packages
  done
  ls -1 artifacts/packages
}

cmd_verify_packages() {
  prerequisites
  [ -n "$(ls artifacts/packages/Gem.Core.*.nupkg 2>/dev/null)" ] || cmd_pack
  local version
  version=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props | head -1)
  # A rebuilt package of the same version must not be served from the NuGet cache.
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/gem.entropy "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/gem.sega \
    "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/gem.core
  rm -rf tests/PackageConsumer/bin tests/PackageConsumer/obj
  dotnet run --project tests/PackageConsumer -c Release "-p:GemVersion=$version"
}

command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
  test) cmd_test "$@" ;;
  demo) cmd_demo "$@" ;;
  bench) cmd_bench "$@" ;;
  pack) cmd_pack "$@" ;;
  verify-packages) cmd_verify_packages "$@" ;;
  prerequisites) prerequisites ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    [ -z "$command" ] || { echo "error: unknown command '$command'." >&2; exit 2; }
    exit 2 ;;
esac
