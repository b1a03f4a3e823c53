import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { UserDirectory } from '../../application/ports/user-directory.js';

@Injectable()
export class TypeOrmUserDirectory implements UserDirectory {
  private readonly known = new Set<string>();

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async remember(username: string): Promise<void> {
    if (this.known.has(username)) return;
    await this.ds.query('INSERT INTO users (username) VALUES ($1) ON CONFLICT (username) DO NOTHING', [username.slice(0, 200)]);
    this.known.add(username);
  }
}
