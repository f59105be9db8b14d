import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { idPipe, PageQueryDto, Role, Roles } from '@app/common';
import { BudgetService } from './budget.service';
import { BudgetView, ReconciliationView } from './dto/budget.dto';

@ApiTags('budget')
@ApiBearerAuth()
@Controller('api/programs/:id/budget')
@Roles(Role.OFFICER, Role.ADMIN)
export class BudgetController {
  constructor(private readonly budget: BudgetService) {}

  @Get()
  @ApiOkResponse({
    type: BudgetView,
    description: 'The pool at a glance, always equal to the ledger',
  })
  view(@Param('id', idPipe()) id: string): Promise<BudgetView> {
    return this.budget.view(id);
  }

  @Get('reconciliation')
  @ApiOkResponse({
    type: ReconciliationView,
    description: 'Account rows against the ledger replayed',
  })
  reconcile(@Param('id', idPipe()) id: string): Promise<ReconciliationView> {
    return this.budget.reconcile(id);
  }

  @Get('ledger')
  @ApiOkResponse({ description: 'Ledger lines, newest first' })
  async ledger(@Param('id', idPipe()) id: string, @Query() page: PageQueryDto) {
    await this.budget.view(id);
    return this.budget.ledger(id, page.limit, page.offset);
  }
}
