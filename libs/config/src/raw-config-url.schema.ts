import { plainToInstance } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Matches, Min, validateSync } from 'class-validator';

/** One entry of raw_config_urls (CONTRACT §9.3), checked at start-up. */
export class RawConfigUrlEntry {
  /** http(s)://, git://, ssh://, git+ssh:// and file:// URLs, or scp-like user@host:path. */
  @Matches(/^(?:(?:https?|git|ssh|git\+ssh):\/\/[^\s/]+\/\S*|file:\/\/\/\S+|[\w.-]+@[\w.-]+:\S+)$/, { message: 'url must be a git URL' })
  url: string;

  @IsString({ message: 'config_filename must be a file name' })
  config_filename: string;

  @IsOptional() @IsString() commit?: string;
  @IsOptional() @IsString() path?: string;
  @IsOptional() @IsString() schema_override?: string;
  @IsOptional() @IsString() raw_config_wrapper?: string;

  @IsOptional()
  @IsArray({ message: 'raw_config_pungi_koji_args must be a list of strings' })
  @IsString({ each: true, message: 'raw_config_pungi_koji_args must be a list of strings' })
  raw_config_pungi_koji_args?: string[];

  @IsOptional()
  @IsInt({ message: 'pungi_timeout must be a whole number of seconds' })
  @Min(1, { message: 'pungi_timeout must be at least 1 second' })
  pungi_timeout?: number;
}

/** The first problem of a raw_config_urls map, naming the entry; null when all entries are valid. */
export function rawConfigUrlsProblem(value: Record<string, unknown>): string | null {
  for (const [name, entry] of Object.entries(value)) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return `entry "${name}" must be an object`;
    const errors = validateSync(plainToInstance(RawConfigUrlEntry, entry), { forbidUnknownValues: false });
    const first = errors[0];
    if (first) return `entry "${name}": ${Object.values(first.constraints ?? {})[0] ?? `${first.property} is invalid`}`;
  }
  return null;
}
