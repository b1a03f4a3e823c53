import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { COMPOSE_REPOSITORY, type ComposeRepository } from '../../ports/compose.repository.js';
import { RecordProgressCommand } from './record-progress.command.js';

@CommandHandler(RecordProgressCommand)
export class RecordProgressHandler implements ICommandHandler<RecordProgressCommand> {
  constructor(@Inject(COMPOSE_REPOSITORY) private readonly composes: ComposeRepository) {}

  execute(cmd: RecordProgressCommand): Promise<boolean> {
    return this.composes.transaction(async (tx) => {
      const compose = await tx.findById(cmd.composeId, { lock: true, states: ['generating'] });
      if (!compose) return false;
      const u = cmd.update;
      if (u.kojiEvent !== undefined) compose.setKojiEvent(u.kojiEvent);
      if (u.source !== undefined) compose.setSource(u.source);
      if (u.pungiComposeId !== undefined) compose.setPungiComposeId(u.pungiComposeId);
      if (u.content) compose.setResolvedContent(u.content);
      if (u.found) compose.overwriteContent(u.found);
      compose.noteProgress(u.reason ?? null, u.progress !== undefined ? u.progress : compose.snapshot().progress);
      await tx.save(compose);
      return true;
    });
  }
}
