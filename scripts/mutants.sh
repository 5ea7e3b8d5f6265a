#!/bin/bash
# Mutation testing of core files, in two passes, in the current checkout.
#
#   scripts/mutants.sh OUT KIND FILE...      (FILE relative to crates/watchstander/src)
#
# KIND is `incident`, `schedule`, `ops` or `other` (then MUT_TESTS, MUT_CONF and MUT_SKIP say which
# test targets, conformance folders and unit-test filters to use). Pass 1 runs a fast suite:
# the integration targets of KIND (for `schedule` and `incident` without the unit tests, which
# cost a second build of the crate for each mutant), without the slowest ones (the
# oversized-input tests of `schedule_limits` and `conformance/schedule/hardening.json`, and
# `incident_live`/`incident_properties` for files outside the incident state machine, and for
# `ops` the host-parser comparison over every conformance case and the slowest targets). Pass 2
# runs KIND's full suite on pass 1's survivors only. Results: OUT/mutants.out (pass 1) and
# OUT-full/mutants.out (pass 2); a mutant is missed only if pass 2 misses it.
#
# Environment: MUT_TIMEOUT (seconds a mutant's tests may take in pass 1, default 120; pass 2 takes
# cargo-mutants' own, a multiple of the unmutated run's time), MUT_EXTRA (more cargo-mutants
# arguments, e.g. `--re 'fn_name'`), MUT_PASSES (1 stops after pass 1, leaving its survivors to be
# settled by hand with the test that should catch them). The run mutates files in place: use one
# checkout (`git worktree add`) per run, never two runs in one checkout.
set -euf -o pipefail
OUT=$1; KIND=$2; shift 2
cd "$(git rev-parse --show-toplevel)"
FILES=(); for f in "$@"; do FILES+=(--file "crates/watchstander/src/$f"); done
SKIP="--skip ops:: --skip metrics:: --skip alert:: --skip postmortem:: --skip runbook::"
t() { for x in "$@"; do printf -- "--cargo-arg=--test=%s " "$x"; done; }
case $KIND in
  incident)
    FULL_CONF=incident/; FAST_CONF=incident/
    FULL_T="--cargo-arg=--lib $(t conformance incident_lifecycle incident_properties incident_live \
      incident_sla incident_comms incident_escaping incident_timeline incident_status_update \
      incident_robustness)"
    if [[ " $* " =~ (live|stored|fold|apply|index|state|undo|mod\.rs) ]]; then
      FAST_T=${FULL_T#--cargo-arg=--lib }
    else
      FAST_T="$(t conformance incident_lifecycle incident_sla incident_comms incident_escaping \
        incident_timeline incident_status_update incident_robustness)"
    fi
    SKIP="$SKIP --skip schedule::";;
  schedule)
    FULL_CONF=schedule/
    FAST_CONF=$(find tests/conformance/schedule -name '*.json' ! -name hardening.json \
      | sed 's|^tests/conformance/||' | sort | paste -sd,)
    FAST_T="$(t conformance schedule_dst schedule_examples schedule_ical schedule_properties \
      schedule_scenarios ical_fixtures)"
    FULL_T="--cargo-arg=--lib $FAST_T $(t schedule_limits)"
    SKIP="$SKIP --skip incident::";;
  ops)
    FULL_CONF=
    FAST_CONF=$(find tests/conformance -name '*.json' ! -path '*/schedule/hardening.json' \
      | sed 's|^tests/conformance/||' | sort | paste -sd,)
    FAST_T="--cargo-arg=--lib $(t conformance fuzz_ops pipeline_handles escalation_robustness \
      incident_robustness severity_targets schedule_ical host_parse schedule_handle incident_handle)"
    FULL_T="$FAST_T $(t robustness fuzz_parsers time_hardening hardening_reproducers zone_source)"
    SKIP="--skip time:: --skip schedule:: --skip incident:: --skip severity:: --skip alert:: \
      --skip escalation:: --skip metrics:: --skip postmortem:: --skip runbook::"
    FAST_SKIP="--skip conformance_cases_read_as_the_reference_reads_them";;
  *)
    FULL_CONF=${MUT_CONF:-}; FAST_CONF=$FULL_CONF; FULL_T=${MUT_TESTS:-}; FAST_T=$FULL_T
    SKIP=${MUT_SKIP:-};;
esac
FAST_SKIP=${FAST_SKIP:-}
run() { # OUT CONF TESTS EXTRA-SKIPS ARGS...
  local out=$1 conf=$2 tests=$3 skip=$4; shift 4
  # shellcheck disable=SC2086 # the test lists are word lists
  CONFORMANCE_ONLY=$conf cargo mutants -p watchstander --in-place -o "$out" "${FILES[@]}" "$@" ${MUT_EXTRA:-} $tests -- -- $SKIP $skip || true
  git checkout -q -- crates/watchstander/src
}
run "$OUT" "$FAST_CONF" "$FAST_T" "$FAST_SKIP" --timeout "${MUT_TIMEOUT:-120}"
[[ "${MUT_PASSES:-2}" == 1 ]] && exit 0
[[ "$FAST_T" == "$FULL_T" && "$FAST_CONF" == "$FULL_CONF" && -z "$FAST_SKIP" ]] && exit 0
MISSED="$OUT/mutants.out/missed.txt"
[[ -s "$MISSED" ]] || exit 0
RE=$(python3 -c 'import re, sys
print("^(" + "|".join(re.escape(l) for l in open(sys.argv[1]).read().splitlines() if l) + ")$")' \
  "$MISSED")
echo "pass 2: the full suite on $(wc -l < "$MISSED") survivors"
run "$OUT-full" "$FULL_CONF" "$FULL_T" "" --re "$RE"
