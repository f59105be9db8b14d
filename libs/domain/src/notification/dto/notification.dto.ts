import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '@app/common';

export const NOTIFICATION_STATUSES = ['PENDING', 'DELIVERED', 'FAILED', 'DEAD'] as const;
export const CHANNELS = ['IN_APP', 'EMAIL', 'WEBHOOK'] as const;

export class InboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread messages' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES, example: 'DEAD' })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: (typeof NOTIFICATION_STATUSES)[number];

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: (typeof CHANNELS)[number];

  @ApiPropertyOptional({ example: 'application.submitted' })
  @IsOptional()
  @Matches(/^[a-z_]+\.[a-z_]+$/, { message: 'eventType must look like application.submitted' })
  eventType?: string;
}

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://erp.example.kr/hooks/voucher' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http(s) URL' },
  )
  @MaxLength(2000)
  url: string;

  @ApiPropertyOptional({
    description: 'Signing secret; generated when absent (shown once)',
    minLength: 16,
  })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;
}

export class NotificationView {
  @ApiProperty({ example: 42 })
  id: number;

  @ApiProperty({ example: 'application.ineligible' })
  eventType: string;

  @ApiProperty({ enum: CHANNELS })
  channel: string;

  @ApiProperty({ enum: ['ko', 'en'] })
  locale: string;

  @ApiProperty({ example: '[데이터 바우처] 신청 자격 요건 미충족: 스마트팜 AI' })
  subject: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ enum: NOTIFICATION_STATUSES })
  status: string;

  @ApiProperty({ example: 0 })
  attempts: number;

  @ApiProperty({ nullable: true })
  lastError: string | null;

  @ApiProperty({ nullable: true })
  readAt: Date | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty({ nullable: true })
  deliveredAt: Date | null;
}
