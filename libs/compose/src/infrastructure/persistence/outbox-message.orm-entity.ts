import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A domain event stored in the same transaction as the change that caused it (the outbox). */
@Entity('outbox_messages')
export class OutboxMessageOrmEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'compose_id', type: 'integer', nullable: true }) composeId: number | null;
  @Column({ type: 'varchar' }) type: string;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
}
