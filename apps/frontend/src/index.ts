export { FrontendModule } from './frontend.module.js';
export { configureHttp } from './http/configure-http.js';
export { FrontendAppModule } from './frontend-app.module.js';
