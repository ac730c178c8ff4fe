# SPDX-License-Identifier: MIT
# tests/e2e/scenarios/arithmetic.sh: $(( )) operators, precedence, bases, variables and comparisons.
a=17 b=5
echo "$((a + b)) $((a - b)) $((a * b)) $((a / b)) $((a % b))"
echo "$((-a / b)) $((-a % b)) $((2 + 3 * 4)) $(((2 + 3) * 4))"
echo "$((a << 2)) $((a >> 1)) $((a & b)) $((a | b)) $((a ^ b)) $((~a))"
echo "$((a > b)) $((a < b)) $((a == 17)) $((a != 17)) $((a >= 17 && b <= 4)) $((a || 0)) $((!a))"
echo "$((a > b ? a : b)) $((0x1f)) $((010)) $((2147483647 + 1)) $((9223372036854775807))"
i=0
i=$((i + 1)); i=$((i * 10)); : $((i += 5)); : $((i -= 1))
echo "i=$i"
n=3
echo "$((n * n * n)) $(( (n + 1) * (n - 1) ))"
sum=0 k=1
while [ $k -le 100 ]; do sum=$((sum + k)); k=$((k + 1)); done
echo "sum 1..100 = $sum"
expr 6 \* 7
echo "$(( $(echo 20) + $(echo 22) ))"
