import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ALL_ROLES, Role, SELF_REGISTERED_ROLES, trim, trimLower } from '@app/common';

class CredentialsFields {
  @ApiProperty({ example: 'ceo@example.kr' })
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'a long passphrase', minLength: 10, maxLength: 128 })
  @IsString()
  @MinLength(10)
  @MaxLength(128)
  password: string;

  @ApiProperty({ example: '김데이터' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @ApiPropertyOptional({ enum: ['ko', 'en'], default: 'ko' })
  @IsOptional()
  @IsIn(['ko', 'en'])
  locale?: 'ko' | 'en';
}

export class RegisterDto extends CredentialsFields {
  @ApiProperty({ enum: SELF_REGISTERED_ROLES, example: 'APPLICANT' })
  @IsIn(SELF_REGISTERED_ROLES, { message: 'role must be APPLICANT or SUPPLIER' })
  role: Role.APPLICANT | Role.SUPPLIER;
}

export class CreateUserDto extends CredentialsFields {
  @ApiProperty({ enum: ALL_ROLES, example: 'EVALUATOR' })
  @IsIn(ALL_ROLES)
  role: Role;
}

export class LoginDto {
  @ApiProperty({ example: 'officer@demo.voucher.kr' })
  @Transform(trimLower)
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'demo-password-1' })
  @IsString()
  @MaxLength(128)
  password: string;
}

export class AccessTokenDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIs...' })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';
}

export class UserView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ceo@example.kr' })
  email: string;

  @ApiProperty({ enum: ALL_ROLES })
  role: Role;

  @ApiProperty({ example: '김데이터' })
  displayName: string;

  @ApiProperty({ enum: ['ko', 'en'] })
  locale: 'ko' | 'en';

  @ApiProperty()
  createdAt: Date;
}
