/* SPDX-License-Identifier: BSD-2-Clause */
/* placeholder main: being written */
int main(void) { return 0; }
