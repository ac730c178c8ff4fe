# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/export-env.sh: exported and prefix-assigned variables reach children; others do not.
RF_SCEN_A=exported
export RF_SCEN_A
RF_SCEN_B=not-exported
sh -c 'echo "A=[$RF_SCEN_A] B=[$RF_SCEN_B]"'
RF_SCEN_C=prefix sh -c 'echo "C=[$RF_SCEN_C]"'
echo "C after prefix: [${RF_SCEN_C-unset}]"
env | grep '^RF_SCEN_' | sort
unset RF_SCEN_A
sh -c 'echo "A after unset: [${RF_SCEN_A-unset}]"'
export RF_SCEN_D="with spaces and = sign"
env | grep '^RF_SCEN_D='
readonly RF_SCEN_R=fixed
(RF_SCEN_R=changed) 2>/dev/null || echo "readonly assignment fails"
env -i RF_SCEN_ONLY=1 /bin/busybox sh -c 'env | sort' | grep -v '^PWD=\|^SHLVL=\|^_=\|^OLDPWD='
