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
