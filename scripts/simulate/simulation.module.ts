import { Module } from '@nestjs/common';
import { AuthCommonModule } from '@app/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { BudgetModule, UserModule } from '@app/domain';
import { RedisModule } from '@app/queue';

/**
 * What the simulation itself does in-process, beside the API it drives over HTTP: accounts
 * (UserService, and AuthService.issueToken for tokens the API accepts), the budget view and its
 * reconciliation, and a few direct queries. An application context of just these modules: no
 * HTTP server, no Swagger document, no BullMQ connections, none of the other domain modules.
 * Redis is there only because AuthService's login limiter needs a client.
 */
@Module({
  imports: [ConfigModule, DatabaseModule, RedisModule, AuthCommonModule, UserModule, BudgetModule],
})
export class SimulationModule {}
