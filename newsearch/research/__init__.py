"""Research logic that is the same on every engine: timeline periods, one person's names as one."""
