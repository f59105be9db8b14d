import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthController } from '../auth/auth.controller';
import { AuthService } from '../auth/auth.service';
import { LoginLimiter } from '../auth/login-limiter';
import { UserController } from './user.controller';
import { UserEntity } from './user.entity';
import { UserService } from './user.service';

/** Users and authentication (login needs the users; one module avoids a cycle). */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity]), AuditModule],
  controllers: [AuthController, UserController],
  providers: [UserService, AuthService, LoginLimiter],
  exports: [UserService],
})
export class UserModule {}
