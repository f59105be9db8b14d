/** The evaluator's views of the API (libs/domain/src/evaluation/dto/evaluation.dto.ts). */
export type AssignmentStatus = 'ASSIGNED' | 'SUBMITTED' | 'RECUSED' | 'CANCELLED';

export interface Criterion {
  code: string;
  name: string;
  maxPoints: number;
}

export interface Assignment {
  id: string;
  applicationId: string;
  programId: string;
  status: AssignmentStatus;
  dueAt: string | null;
  application: {
    title: string;
    category: string;
    track: string;
    socialIssue: string | null;
    plan: Record<string, string>;
    companyName: string;
    companyRegion: string;
  };
  criteria: Criterion[];
  scores: Record<string, number>;
  comment: string | null;
  total: number | null;
  submittedAt: string | null;
  recusedReason: string | null;
  recusedAt: string | null;
  /** Closed unsubmitted because the application left evaluation (withdrawn, selection done). */
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface RecusedSheet {
  assignmentId: string;
  applicationId: string;
  reassigned: boolean;
}

export interface EvaluatorProfile {
  userId: string;
  affiliationBrn: string | null;
  affiliationName: string | null;
  recused?: RecusedSheet[];
}

export interface Conflict {
  id: string;
  kind: 'COMPANY' | 'SUPPLIER';
  businessRegistrationNumber: string;
  reason: string;
  createdAt: string;
  recused?: RecusedSheet[];
}
