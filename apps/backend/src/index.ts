export { BackendModule } from './backend.module.js';
