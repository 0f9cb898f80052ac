import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { AppendFunction1763800000001 } from './1763800000001-append-function';
import { Deliveries1763800000002 } from './1763800000002-deliveries';
import { NotifyEvents1763800000003 } from './1763800000003-notify-events';
import { Exercises1763800000010 } from './1763800000010-exercises';
import { AppendSetBased1763800000011 } from './1763800000011-append-set-based';
import { LeanAppend1763800000012 } from './1763800000012-lean-append';
import { MatchableHashesIndex1763800000031 } from './1763800000031-matchable-hashes-index';
import { HashBanks1763800000040 } from './1763800000040-hash-banks';
import { ContactsAndMail1763800000060 } from './1763800000060-contacts-and-mail';
import { SignIn1763800000070 } from './1763800000070-sign-in';
import { Administration1763800000080 } from './1763800000080-administration';
import { BankSignalKey1763800000090 } from './1763800000090-bank-signal-key';
import { BankHitsIndex1763800000100 } from './1763800000100-bank-hits-index';
import { BanksUnderPressure1763800000110 } from './1763800000110-banks-under-pressure';
import { ScenarioSourceIndex1763800000115 } from './1763800000115-scenario-source-index';
import { WebhookBatches1763800000210 } from './1763800000210-webhook-batches';
import { TaxiiStatuses1763800000300 } from './1763800000300-taxii-statuses';
import { ElectionVocabulary1763800000400 } from './1763800000400-election-vocabulary';
import { Elections1763800000410 } from './1763800000410-elections';
import { WarningMails1763800000420 } from './1763800000420-warning-mails';
import { WebhookLanes1763800000460 } from './1763800000460-webhook-lanes';
import { MemberLanguage1763800000470 } from './1763800000470-member-language';
import { QuarantineMails1763800000480 } from './1763800000480-quarantine-mails';
import { Federation1763800000500 } from './1763800000500-federation';
import { BankSignalsPdqOrder1763800000510 } from './1763800000510-bank-signals-pdq-order';
import { BankSignalShortKey1763800000520 } from './1763800000520-bank-signal-short-key';

export const MIGRATIONS = [
  InitialSchema1763800000000,
  AppendFunction1763800000001,
  Deliveries1763800000002,
  NotifyEvents1763800000003,
  Exercises1763800000010,
  AppendSetBased1763800000011,
  LeanAppend1763800000012,
  MatchableHashesIndex1763800000031,
  HashBanks1763800000040,
  ContactsAndMail1763800000060,
  SignIn1763800000070,
  Administration1763800000080,
  BankSignalKey1763800000090,
  BankHitsIndex1763800000100,
  BanksUnderPressure1763800000110,
  ScenarioSourceIndex1763800000115,
  WebhookBatches1763800000210,
  TaxiiStatuses1763800000300,
  ElectionVocabulary1763800000400,
  Elections1763800000410,
  WarningMails1763800000420,
  WebhookLanes1763800000460,
  MemberLanguage1763800000470,
  QuarantineMails1763800000480,
  Federation1763800000500,
  BankSignalsPdqOrder1763800000510,
  BankSignalShortKey1763800000520,
];
