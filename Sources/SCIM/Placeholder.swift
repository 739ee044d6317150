// SCIM module.
