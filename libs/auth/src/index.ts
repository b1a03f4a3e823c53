export * from './identity.js';
export * from './auth.service.js';
export * from './auth.module.js';
export * from './permissions/permission-check.js';
export * from './permissions/roles.js';
export * from './proxy/trusted-proxies.js';
export * from './groups/group-directory.port.js';
export * from './groups/ldap-group-directory.js';
