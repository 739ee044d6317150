// LocalPostgres module.
