import { spawnWatched } from '@odcs/pungi';
const r = await spawnWatched(['sleep', '300'], { env: process.env, stdout: 'ignore', stderr: 'ignore' });
console.log(r.pgid);
setInterval(() => {}, 1000);
