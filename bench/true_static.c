/* SPDX-License-Identifier: MIT */
/* bench/true_static.c: static program that exits 0 at once; bench/run.sh times N starts of it. */
int main(void)
{
    return 0;
}
