#ifndef ROSTER_CLIBPQ_SHIM_H
#define ROSTER_CLIBPQ_SHIM_H

#include <libpq-fe.h>

// libpq's diagnostic field codes are char-literal macros, which Swift cannot import.
static const int ROSTER_PG_DIAG_SQLSTATE = PG_DIAG_SQLSTATE;
static const int ROSTER_PG_DIAG_MESSAGE_PRIMARY = PG_DIAG_MESSAGE_PRIMARY;
static const int ROSTER_PG_DIAG_MESSAGE_DETAIL = PG_DIAG_MESSAGE_DETAIL;
static const int ROSTER_PG_DIAG_CONSTRAINT_NAME = PG_DIAG_CONSTRAINT_NAME;
static const int ROSTER_PG_DIAG_TABLE_NAME = PG_DIAG_TABLE_NAME;
static const int ROSTER_PG_DIAG_SCHEMA_NAME = PG_DIAG_SCHEMA_NAME;

#endif
