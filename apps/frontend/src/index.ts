export { FrontendModule } from './frontend.module.js';
export { createHttpApp, type HttpAppOptions } from './http/create-http-app.js';
export { FrontendAppModule } from './frontend-app.module.js';
