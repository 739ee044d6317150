// RosterCLI module.
