/**
 * The stateful half: what holds data or reputation and must outlive any redeploy of the code.
 * - the one DynamoDB table, built from functions/config/table.ts (the local stack builds the same);
 * - the SES sending identity (a domain with Easy DKIM, or the single sender address) — or, with
 *   `existingIdentity`, a reference to one the account already has, which this stack never owns —
 *   and a configuration set whose bounce, complaint and reject events go to an encrypted SNS topic;
 * - the Cognito user pool of the rights staff (group `rights-staff`) and its managed login domain.
 *
 * With `protect` the table has deletion protection, and table, keys and user pool are RETAINed.
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  AccountRecovery, CfnUserPoolGroup, FeaturePlan, ManagedLoginVersion, Mfa, UserPool, UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import {
  ConfigurationSet, DkimIdentity, EasyDkimSigningKeyLength, EmailIdentity, EmailSendingEvent, EventDestination, Identity,
  MailFromBehaviorOnMxFailure, SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { tableDefinition } from '../functions/config/table.js';
import type { StageConfig } from './stage-config.js';
import { acknowledgeEmailSubscriptions } from './alarms.js';

export interface StatefulStackProps extends StackProps {
  config: StageConfig;
}

/** What the stateless stack needs to send mail. */
export interface MailResources {
  /** ARN of the sending identity (the domain, or the sender address). */
  identityArn: string;
  configurationSetName: string;
  configurationSetArn: string;
  /**
   * Identities SES also authorises a send against while the account is in the sandbox: every
   * verified identity of the account (`identity/*`), since requesters' addresses are verified by hand.
   */
  sandboxRecipientIdentityArns: string[];
}

/** The rights staff's sign-in (Cognito): the stateless stack adds the app client and the branding. */
export interface StaffDirectory {
  userPool: UserPool;
  domain: UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  loginBaseUrl: string;
}

/** Members of this Cognito group may open the staff view. */
export const STAFF_GROUP = 'rights-staff';

/** Where SES stores approvers' emailed replies (only with the stage key `inboundDomain`). */
export interface InboundMail {
  domain: string;
  bucket: Bucket;
  /** Object key prefix of the receipt rule's S3 action; the key is prefix + SES messageId. */
  prefix: string;
}

export const INBOUND_PREFIX = 'inbound/';
/**
 * The inbound bucket's name, a pure function of stage, account and region, so the stateless stack
 * can name its objects in IAM without a cross-stack reference (at most 3+16+9+12+1+14 = 55 characters).
 */
export const inboundBucketName = (stage: string) => `rd-${stage}-inbound-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
/** Replies are read within seconds of arrival; the raw messages are kept this long for diagnosis. */
export const INBOUND_RETENTION_DAYS = 30;

export class StatefulStack extends Stack {
  readonly table: Table;
  /** The identity this stack created; undefined with `existingIdentity`. */
  readonly identity?: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly mailEventsTopic: Topic;
  readonly mail: MailResources;
  readonly inbound?: InboundMail;
  readonly staff: StaffDirectory;
  /** The key webhook endpoint secrets are sealed under (functions/adapters/secret-box.ts): generated, never output. */
  readonly webhookSealKey: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // --- the table -----------------------------------------------------------------------------
    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The dispatcher reads the outbox from the stream; old images make retries diagnosable.
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      deletionProtection: config.protect,
      removalPolicy,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        // Each index carries only what its queries read (functions/config/table.ts).
        ...(index.projection.type === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.attributes] }
          : { projectionType: ProjectionType.KEYS_ONLY }),
      });
    }

    // --- SES: configuration set and its bounce/complaint events --------------------------------
    const eventsKey = new Key(this, 'MailEventsKey', {
      description: `Reprint Desk ${config.stage}: encrypts the SES bounce/complaint topic`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(7),
    });
    // SES publishes to the encrypted topic: it needs exactly these two key actions, for this account.
    eventsKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'SesPublishesEncryptedEvents',
      principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'], // in a key policy "*" means this key
      conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
    }));
    this.mailEventsTopic = new Topic(this, 'MailEvents', {
      displayName: `Reprint Desk ${config.stage} mail bounces and complaints`,
      masterKey: eventsKey,
      enforceSSL: true,
    });
    for (const email of config.mailEventEmails) this.mailEventsTopic.addSubscription(new EmailSubscription(email));
    acknowledgeEmailSubscriptions(this.mailEventsTopic);

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      // Addresses that bounce or complain are not mailed again by this account.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
      sendingEnabled: true,
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.mailEventsTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT],
    });
    const configurationSetArn = this.formatArn({
      service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName,
    });

    // --- SES: the sending identity -------------------------------------------------------------
    // An identity that already exists (another sender of the publisher, or a second stage sharing the
    // domain) is only referenced: creating it again fails, and owning it would change its default
    // configuration set for every other sender. Our sends name the configuration set themselves.
    let identityArn: string;
    if (config.existingIdentity) {
      identityArn = this.formatArn({ service: 'ses', resource: 'identity', resourceName: config.sesIdentity });
    } else {
      this.identity = new EmailIdentity(this, 'SenderIdentity', config.domain
        ? {
          identity: Identity.domain(config.domain),
          configurationSet: this.configurationSet,
          dkimSigning: true,
          dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
          // Bounces come back to our own subdomain, so SPF and DMARC align with the From domain.
          ...(config.mailFromDomain ? { mailFromDomain: config.mailFromDomain, mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE } : {}),
        }
        : { identity: Identity.email(config.mailFromAddress), configurationSet: this.configurationSet });
      identityArn = this.identity.emailIdentityArn;
    }

    // In the sandbox SES only delivers to verified identities, and authorises the send against them
    // too: each approver outside the sending identity gets an address identity (SES mails them a
    // verification link); requesters you test with are verified by hand, so the dispatcher may send
    // to any verified identity of the account.
    const sandboxRecipients = config.sesSandbox
      ? config.approvers.filter((a) => (config.domain ? !a.endsWith(`@${config.domain}`) : a !== config.mailFromAddress))
      : [];
    sandboxRecipients.forEach((address, i) => new EmailIdentity(this, `SandboxRecipient${i + 1}`, { identity: Identity.email(address) }));

    this.mail = {
      identityArn,
      configurationSetName: this.configurationSet.configurationSetName,
      configurationSetArn,
      sandboxRecipientIdentityArns: config.sesSandbox ? [this.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })] : [],
    };

    // --- staff sign-in: Cognito user pool, group and managed login domain ------------------------
    const userPool = new UserPool(this, 'StaffUserPool', {
      userPoolName: `reprint-desk-${config.stage}-staff`,
      // Staff are invited (desk staff invite EMAIL); nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: config.protect,
      removalPolicy,
    });
    new CfnUserPoolGroup(this, 'StaffGroup', {
      userPoolId: userPool.userPoolId,
      groupName: STAFF_GROUP,
      description: 'Rights staff: may open the staff view',
    });
    const loginPrefix = config.staffLoginPrefix ?? `reprint-desk-${config.stage}-${Aws.ACCOUNT_ID}`;
    const domain = userPool.addDomain('StaffLoginDomain', {
      cognitoDomain: { domainPrefix: loginPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.staff = { userPool, domain, loginBaseUrl: domain.baseUrl() };
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason: 'Advanced security (threat protection) needs the Plus feature plan, billed per monthly active user; the staff pool is '
        + 'invitation-only with MFA required, which covers the risks threat protection scores for a handful of rights staff.',
    });
    new CfnOutput(this, 'StaffUserPoolId', { value: userPool.userPoolId, description: 'desk staff invite EMAIL --user-pool <this>' });
    new CfnOutput(this, 'StaffLoginUrl', { value: this.staff.loginBaseUrl, description: 'Cognito managed login for the rights staff' });

    // --- inbound mail (approve by reply): the bucket SES stores replies in ------------------------
    if (config.inboundDomain) {
      const bucket = new Bucket(this, 'InboundMailBucket', {
        bucketName: inboundBucketName(config.stage),
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
        lifecycleRules: [{ prefix: INBOUND_PREFIX, expiration: Duration.days(INBOUND_RETENTION_DAYS) }],
        // Retained even outside production: CloudFormation cannot delete a bucket that still holds
        // mail, and the lifecycle rule empties it within 30 days (README, Tear down).
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'Transient store of inbound approver replies (expired after 30 days), written only by SES for this account '
          + 'and read only by the mail-receive function; server access logs would need a second bucket that records nothing '
          + 'the function logs and CloudTrail do not already show.',
      });
      this.inbound = { domain: config.inboundDomain, bucket, prefix: INBOUND_PREFIX };
      new CfnOutput(this, 'InboundMailBucketName', { value: bucket.bucketName });
    }

    // --- webhooks: the key endpoint secrets are sealed under ------------------------------------
    // Standard Webhooks signs with HMAC, so each endpoint's secret must be recoverable at delivery:
    // the table keeps it sealed (AES-256-GCM) under a key derived from this generated secret, which
    // only the functions that register and deliver webhooks may read.
    this.webhookSealKey = new Secret(this, 'WebhookSealKey', {
      secretName: `reprint-desk/${config.stage}/webhook-seal`,
      description: `Reprint Desk ${config.stage}: the key licensees' webhook secrets are sealed under (never rotate it in place: sealed secrets would no longer open)`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    Validations.of(this.webhookSealKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A sealing key, not a credential: rotating it in place would make every sealed webhook secret unreadable; licensees rotate their own endpoint secrets by registering again.',
    });

    // --- outputs -------------------------------------------------------------------------------
    new CfnOutput(this, 'WebhookSealKeyName', { value: `reprint-desk/${config.stage}/webhook-seal`, description: 'desk webhooks add … --seal-key <this>' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The DynamoDB table (desk CLI: --table)' });
    new CfnOutput(this, 'SesIdentity', { value: config.sesIdentity, description: config.existingIdentity ? 'The existing SES identity used (not owned by this stack)' : 'The SES identity to verify' });
    new CfnOutput(this, 'SesConfigurationSet', { value: this.configurationSet.configurationSetName });
    new CfnOutput(this, 'MailEventsTopicArn', { value: this.mailEventsTopic.topicArn, description: 'Subscribe to receive SES bounces and complaints' });
    if (config.domain && this.identity) {
      const identity = this.identity;
      const tokens = [
        [identity.dkimDnsTokenName1, identity.dkimDnsTokenValue1],
        [identity.dkimDnsTokenName2, identity.dkimDnsTokenValue2],
        [identity.dkimDnsTokenName3, identity.dkimDnsTokenValue3],
      ] as const;
      tokens.forEach(([name, value], i) => new CfnOutput(this, `DkimRecord${i + 1}`, {
        value: `${name} CNAME ${value}`,
        description: `DKIM CNAME record ${i + 1} of 3 to publish in the DNS of ${config.domain}`,
      }));
    }
    if (config.mailFromDomain) {
      new CfnOutput(this, 'MailFromMxRecord', {
        value: `${config.mailFromDomain} MX 10 feedback-smtp.${this.region}.amazonses.com`,
        description: `Custom MAIL FROM: publish this MX record in the DNS of ${config.domain}`,
      });
      new CfnOutput(this, 'MailFromSpfRecord', {
        value: `${config.mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`,
        description: `Custom MAIL FROM: publish this SPF (TXT) record in the DNS of ${config.domain}`,
      });
    }
  }
}
