export { FrontendModule } from './frontend.module.js';
export { configureHttp } from './http/configure-http.js';
