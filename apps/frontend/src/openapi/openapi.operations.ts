/** The operations of the ODCS API v1 (CONTRACT §1-§3), keyed by the path Nest registers and the method. */

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: Schema) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(description, ref('Error'));

const ERRORS = {
  bad: error('Bad input: invalid JSON, a wrong type, an unknown flag, source or target dir, ...'),
  unauthorized: error('No or invalid credentials'),
  forbidden: error('Missing scope or role, or a value the user may not request'),
  notFound: error('No such compose'),
};

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 0 }, description: 'compose id' };
const query = (name: string, description: string, schema: Schema = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  schema,
  description,
});
const redirect = (description: string, location: string, cookie: string) => ({
  description,
  headers: {
    Location: { required: true, schema: { type: 'string' }, description: location },
    'Set-Cookie': { required: true, schema: { type: 'string' }, description: cookie },
  },
});
const LOGIN_ERRORS = {
  notEnabled: error('The browser login is not enabled: it needs an openidc auth_backend and auth_openidc_callback_url'),
  providerDown: error('The OpenID provider’s discovery document cannot be read; the message names the provider'),
};
const cors = { 'Access-Control-Allow-Origin': { schema: { type: 'string', const: '*' } } };
const writeSecurity = [{ openidc: [] }, { kerberos: [] }, {}];

export const OPERATIONS: Record<string, Record<string, Schema>> = {
  '/api/1/composes': {
    get: {
      tags: ['composes'],
      summary: 'List composes (paginated, newest first)',
      parameters: [
        query('owner', 'exact owner'),
        query('source_type', 'source type name or number; repeat for several'),
        query('source', 'exact source string'),
        query('source_contains', 'odcs addition: source contains this text (case-insensitive)'),
        query('state', 'state name or number; repeat for several'),
        query('koji_task_id', 'exact Koji task id', { type: 'integer' }),
        query('pungi_compose_id', 'exact Pungi compose id'),
        query('compose_type', 'exact compose type'),
        query('label', 'exact label'),
        query(
          'order_by',
          'id, owner, source_type, koji_event, state, time_to_expire, time_submitted, time_done, time_removed; "-" prefix descends',
          {
            type: 'string',
            default: '-id',
          },
        ),
        query('page', 'page number', { type: 'integer', default: 1 }),
        query('per_page', 'composes per page', { type: 'integer', default: 10 }),
      ],
      responses: { 200: { ...json('One page of composes', ref('ComposeList')), headers: cors }, 400: ERRORS.bad },
    },
    post: {
      tags: ['composes'],
      summary: 'Request a new compose (state wait)',
      security: writeSecurity,
      requestBody: { required: true, content: { 'application/json': { schema: ref('CreateCompose') } } },
      responses: { 200: json('The new compose', ref('Compose')), 400: ERRORS.bad, 401: ERRORS.unauthorized, 403: ERRORS.forbidden },
    },
  },
  '/api/1/composes/{id}': {
    get: {
      tags: ['composes'],
      summary: 'One compose, with pungi_config_dump',
      parameters: [idParam],
      responses: { 200: { ...json('The compose', ref('Compose')), headers: cors }, 404: ERRORS.notFound },
    },
    patch: {
      tags: ['composes'],
      summary: 'Renew: extend a done compose, or regenerate a removed or failed one as a new compose',
      security: writeSecurity,
      parameters: [idParam],
      requestBody: { required: false, content: { 'application/json': { schema: ref('RenewCompose') } } },
      responses: {
        200: json('The extended compose, or the new one', ref('Compose')),
        400: ERRORS.bad,
        401: ERRORS.unauthorized,
        403: ERRORS.forbidden,
        404: error('No compose with this id in state done, removed or failed'),
      },
    },
    delete: {
      tags: ['composes'],
      summary: 'Cancel a waiting or generating compose, or (admins) remove a finished one now',
      security: writeSecurity,
      parameters: [idParam],
      responses: {
        202: json('Accepted', ref('Accepted')),
        400: error('The compose cannot be removed in its state'),
        401: ERRORS.unauthorized,
        403: ERRORS.forbidden,
        404: ERRORS.notFound,
      },
    },
  },
  '/api/1/about': {
    get: {
      tags: ['server'],
      summary: 'Server information',
      responses: {
        200: { ...json('Version and public configuration', ref('About')), headers: cors },
        400: error('A config item is not set'),
      },
    },
  },
  '/api/1/whoami': {
    get: {
      tags: ['server'],
      summary: 'odcs addition: the caller’s identity and which write requests it may send',
      description:
        'username is null for an anonymous caller (no credentials) and "unknown" under noauth (where everybody is admin and may do everything). ' +
        'allowed tells whether POST (new_compose), PATCH (renew_compose) and DELETE (delete_compose) would pass the login, scope and role checks; ' +
        'fine-grained allowed_clients limits (source types, arches, …) are still checked per request. DELETE of a compose owned by someone else, or of a finished one, also needs is_admin.',
      security: writeSecurity,
      responses: { 200: json('The caller', ref('WhoAmI')), 401: ERRORS.unauthorized },
    },
  },
  '/api/1/metrics': {
    get: {
      tags: ['server'],
      summary: 'Prometheus metrics',
      responses: { 200: { description: 'Prometheus text exposition', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  },
  '/api/1/events': {
    get: {
      tags: ['server'],
      summary: 'odcs addition: compose events as Server-Sent Events, from the outbox',
      description:
        'Each event: `id` = outbox id, `event` = event type (e.g. compose.state-changed.v1), `data` = JSON {id, type, compose_id, occurred_at, payload}. ' +
        'With compose_id the stream starts at that compose’s first retained event, otherwise at the next event. Last-Event-ID or since resume after an id.',
      parameters: [
        query('compose_id', 'only this compose', { type: 'integer', minimum: 0 }),
        query('since', 'start after this event id', { type: 'integer', minimum: 0 }),
        {
          name: 'Last-Event-ID',
          in: 'header',
          required: false,
          schema: { type: 'integer', minimum: 0 },
          description: 'resume after this event id',
        },
      ],
      responses: {
        200: { description: 'An endless event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        400: ERRORS.bad,
      },
    },
  },
  '/api/1/admin/free-space': {
    post: {
      tags: ['operators'],
      summary: 'odcs addition (admins): remove the oldest done composes of target_dir until this many bytes are free',
      description:
        'Composes are removed as an admin DELETE does (the backend sweep deletes their directories); with dry_run only listed. ' +
        'bytes and dry_run may also be given in the query string.',
      security: writeSecurity,
      parameters: [
        query('dry_run', 'list only', { type: 'boolean' }),
        query('bytes', 'bytes wanted free', { type: 'integer', minimum: 0 }),
      ],
      requestBody: { required: false, content: { 'application/json': { schema: ref('FreeSpaceRequest') } } },
      responses: {
        200: json('What was (or would be) removed', ref('FreeSpaceResult')),
        400: ERRORS.bad,
        401: ERRORS.unauthorized,
        403: error('Not an admin, or missing scope'),
      },
    },
  },
  '/health/live': {
    get: {
      tags: ['operators'],
      summary: 'Liveness: the process answers',
      responses: { 200: json('Alive', { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] }) },
    },
  },
  '/health/ready': {
    get: {
      tags: ['operators'],
      summary: 'Readiness: PostgreSQL, RabbitMQ (when configured), target dirs and free space, OIDC provider, Koji (with a backend)',
      responses: {
        200: json('Every check is up', ref('Health')),
        503: json('A check is down; message names each failing check and why', ref('Health')),
      },
    },
  },
  '/auth/login': {
    get: {
      tags: ['browser login'],
      summary: 'odcs addition: start the browser login at the OpenID provider',
      description:
        'Redirects to the provider’s authorization endpoint (authorization code flow, scopes auth_openidc_login_scopes) and keeps the login’s state ' +
        'in an encrypted cookie (odcs_login, 10 minutes). The provider sends the browser back to auth_openidc_callback_url.',
      parameters: [
        query(
          'next',
          'where the browser goes after the login: a local path ("/x", not "//host" nor "/\\host"); anything else, or none, is "/"',
          { type: 'string', default: '/' },
        ),
      ],
      responses: {
        302: redirect('To the provider', 'the provider’s authorization endpoint', 'odcs_login: the encrypted login state'),
        404: LOGIN_ERRORS.notEnabled,
        503: LOGIN_ERRORS.providerDown,
      },
    },
  },
  '/auth/callback': {
    get: {
      tags: ['browser login'],
      summary: 'odcs addition: where the provider sends the browser back; sets the session cookie',
      description:
        'Checks state against the odcs_login cookie of this browser, exchanges code for tokens, verifies the ID token and takes the user name and groups from its claims and userinfo (auth_openidc_username_claim, auth_openidc_groups_claim). ' +
        'The session cookie (odcs_session, encrypted with auth_session_secret, HttpOnly, SameSite=Lax) then stands for the user on the API, ' +
        'with X-Requested-With on each request (CSRF defence).',
      parameters: [
        query('code', 'the authorization code (from the provider)'),
        query('state', 'the login state (from the provider); must match this browser’s odcs_login cookie'),
        query('error', 'the provider’s error, when it did not authenticate the user'),
        query('error_description', 'the provider’s explanation of error'),
      ],
      responses: {
        302: redirect('Logged in: to next of /auth/login', 'next of /auth/login (a local path), or "/"', 'odcs_session: the session'),
        401: error(
          'Login failed: a state not issued to this browser, a refused code exchange, an error from the provider, no user name claim, a required scope not granted',
        ),
        404: LOGIN_ERRORS.notEnabled,
        503: LOGIN_ERRORS.providerDown,
      },
    },
  },
  '/auth/me': {
    get: {
      tags: ['browser login'],
      summary: 'odcs addition: the identity of the browser session (odcs_session cookie)',
      responses: {
        200: json('The session’s user', ref('SessionIdentity')),
        401: error('No valid session cookie (none, expired, altered or sealed with another secret): "Not logged in."'),
        404: LOGIN_ERRORS.notEnabled,
      },
    },
  },
  '/auth/logout': {
    get: {
      tags: ['browser login'],
      summary: 'odcs addition: end the browser session',
      responses: {
        302: redirect('Logged out: to the dashboard', '"/"', 'odcs_session cleared (expired)'),
        404: LOGIN_ERRORS.notEnabled,
      },
    },
  },
  '/dashboard.js': {
    get: {
      tags: ['web'],
      summary: 'The dashboard script',
      responses: { 200: { description: 'JavaScript', content: { 'text/javascript': { schema: { type: 'string' } } } } },
    },
  },
  '/': {
    get: {
      tags: ['web'],
      summary: 'The web dashboard',
      responses: { 200: { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  },
};

/** Spelling of each path in the document: ODCS's collection URLs end with a slash (CONTRACT §1.1). */
export const DOCUMENTED_PATH: Record<string, string> = {
  '/api/1/composes': '/api/1/composes/',
  '/api/1/about': '/api/1/about/',
  '/api/1/whoami': '/api/1/whoami/',
  '/api/1/admin/free-space': '/api/1/admin/free-space/',
  '/api/1/metrics': '/api/1/metrics/',
  '/api/1/events': '/api/1/events/',
};
