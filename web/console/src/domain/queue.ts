// The work-queue conventions the console shows.

/** A proposal longer than this in one state is marked overdue (the server's overdue_days filter). */
export const overdueDays = 14;

/** Page size of the work queue (the server allows 1..500). */
export const pageSize = 100;
