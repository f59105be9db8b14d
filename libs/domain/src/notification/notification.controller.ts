import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, DomainError, idPipe, Role, Roles } from '@app/common';
import {
  CreateWebhookDto,
  InboxQueryDto,
  NotificationQueryDto,
  NotificationView,
} from './dto/notification.dto';
import { NotificationService } from './notification.service';

/** A notification id: a positive integer that fits the bigint column (and a JS number). */
const notificationId = new ParseIntPipe({
  exceptionFactory: () =>
    new DomainError('VALIDATION_FAILED', 'id must be a positive integer', {
      fields: [{ field: 'id', reasons: ['id must be a positive integer'] }],
    }),
});

const boundedId = {
  transform: (value: number) => {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new DomainError('VALIDATION_FAILED', 'id must be a positive integer', {
        fields: [{ field: 'id', reasons: ['id must be a positive integer below 2^53'] }],
      });
    }
    return value;
  },
};

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api')
export class NotificationController {
  constructor(private readonly notifications: NotificationService) {}

  @Get('me/notifications')
  @ApiOkResponse({ description: 'In-app inbox, newest first, with the unread count' })
  inbox(@Query() query: InboxQueryDto, @CurrentActor() actor: Actor) {
    return this.notifications.inbox(actor, query);
  }

  @Post('me/notifications/read-all')
  @HttpCode(200)
  readAll(@CurrentActor() actor: Actor) {
    return this.notifications.markAllRead(actor);
  }

  @Post('me/notifications/:id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationView })
  read(@Param('id', notificationId, boundedId) id: number, @CurrentActor() actor: Actor) {
    return this.notifications.markRead(id, actor);
  }

  @Get('me/webhooks')
  webhooks(@CurrentActor() actor: Actor) {
    return this.notifications.listWebhooks(actor);
  }

  @Post('me/webhooks')
  @ApiCreatedResponse({ description: 'The endpoint with its signing secret (shown only now)' })
  createWebhook(@Body() dto: CreateWebhookDto, @CurrentActor() actor: Actor) {
    return this.notifications.createWebhook(dto, actor);
  }

  @Delete('me/webhooks/:id')
  @HttpCode(204)
  deleteWebhook(@Param('id', idPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.notifications.deleteWebhook(id, actor);
  }

  @Get('notifications')
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ description: 'All notifications, e.g. ?status=DEAD' })
  list(@Query() query: NotificationQueryDto) {
    return this.notifications.list(query);
  }

  @Get('notifications/stats')
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({ description: 'Queue depth and delivered, failed and dead counts per channel' })
  stats() {
    return this.notifications.stats();
  }

  @Post('notifications/:id/retry')
  @HttpCode(200)
  @Roles(Role.OFFICER, Role.ADMIN)
  @ApiOkResponse({
    type: NotificationView,
    description: 'A DEAD notification goes back to PENDING and is sent again',
  })
  retry(@Param('id', notificationId, boundedId) id: number, @CurrentActor() actor: Actor) {
    return this.notifications.retry(id, actor);
  }
}
