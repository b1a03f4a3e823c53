export * from './pungi-compose-spec.model.js';
export * from './pungi-enums.js';
export * from './config/python-literal.js';
export * from './config/xml-builder.js';
export * from './config/comps-xml.js';
export * from './config/variants-xml.js';
export * from './config/pungi-config.builder.js';
