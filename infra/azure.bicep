// coexist on Azure: App Service (Linux, Node 24 LTS) + plan, a user-assigned managed identity, the Azure Bot
// registration with the Teams channel, an Azure Files share for the SQLite database, optionally Azure Cache for Redis.
// Deployed by `teamsapp provision` (arm/deploy) with azure.parameters.json; outputs are written to env/.env.<env>.
// No secret is stored here: keys are read at deployment time (listKeys) and a client secret only arrives as a
// @secure() parameter from env/.env.<env>.user.

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name; Teams Toolkit fills it with a random suffix.')
param resourceBaseName string

@description('Region of the resources; the bot registration itself is global.')
param location string = resourceGroup().location

@description('App Service plan SKU. B1 is the smallest with Always On (needed for reminders and re-checks).')
param webAppSKU string = 'B1'

@maxLength(42)
param botDisplayName string = 'coexist'

@description('How the bot authenticates. New multi-tenant registrations are no longer allowed (since 2025-07-31).')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botType string = 'UserAssignedMSI'

@description('SingleTenant only: the Entra app (client) id of the bot, from env BOT_ID.')
param botAadAppClientId string = ''

@secure()
@description('SingleTenant only: the client secret of that app, from env/.env.<env>.user (SECRET_BOT_PASSWORD).')
param botAadAppClientSecret string = ''

@description('Deploy Azure Cache for Redis and use it as the store (several instances). Otherwise SQLite on Azure Files, one instance.')
param enableRedis bool = false

@description('Log level of the app (COEXIST_LOG_LEVEL).')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
])
param logLevel string = 'info'

@description('OTLP/HTTP endpoint of an OpenTelemetry Collector, e.g. a sidecar with the azuremonitor exporter for Application Insights (http://127.0.0.1:4318). Empty: telemetry off (COEXIST_TELEMETRY).')
param otlpEndpoint string = ''

var isMsi = botType == 'UserAssignedMSI'
var dataShareName = 'coexist-data'
var dataMountPath = '/mounts/coexist-data'
var storageAccountName = toLower(take(replace('${resourceBaseName}data', '-', ''), 24))

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
  }
}

resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource dataShare 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = {
  parent: fileService
  name: dataShareName
  properties: {
    shareQuota: 5
  }
}

resource redis 'Microsoft.Cache/redis@2024-03-01' = if (enableRedis) {
  name: '${resourceBaseName}-redis'
  location: location
  properties: {
    sku: {
      name: 'Basic'
      family: 'C'
      capacity: 0
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSKU
  }
  properties: {
    reserved: true
  }
}

// Built from source on Linux by App Service (Oryx), so better-sqlite3's native module matches the platform.
// SQLite on the Azure Files (SMB) mount: no WAL, which needs shared memory that network file systems lack.
var storeSetting = enableRedis ? 'rediss://:${redis.listKeys().primaryKey}@${redis.properties.hostName}:6380' : 'sqlite:coexist.sqlite?journal=delete'
var baseSettings = [
  { name: 'BOT_ID', value: isMsi ? identity.properties.clientId : botAadAppClientId }
  { name: 'BOT_TYPE', value: botType }
  { name: 'BOT_TENANT_ID', value: tenant().tenantId }
  { name: 'COEXIST_HOST', value: '0.0.0.0' }
  { name: 'COEXIST_STORAGE', value: storeSetting }
  { name: 'COEXIST_DATA_DIR', value: dataMountPath }
  { name: 'COEXIST_LOG_LEVEL', value: logLevel }
  { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
]
var telemetrySettings = empty(otlpEndpoint) ? [
  { name: 'COEXIST_TELEMETRY', value: 'off' }
] : [
  { name: 'COEXIST_TELEMETRY', value: 'otlp' }
  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: otlpEndpoint }
]
var secretSettings = isMsi ? [] : [
  { name: 'BOT_PASSWORD', value: botAadAppClientSecret }
]

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      appCommandLine: 'node dist/index.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
      appSettings: concat(baseSettings, telemetrySettings, secretSettings)
      azureStorageAccounts: {
        '${dataShareName}': {
          type: 'AzureFiles'
          accountName: storage.name
          shareName: dataShare.name
          mountPath: dataMountPath
          accessKey: storage.listKeys().keys[0].value
        }
      }
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: isMsi ? identity.properties.clientId : botAadAppClientId
    msaAppType: botType
    msaAppTenantId: tenant().tenantId
    msaAppMSIResourceId: isMsi ? identity.id : null
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// Written to env/.env.<env> by `teamsapp provision` (upper-cased).
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ID string = isMsi ? identity.properties.clientId : botAadAppClientId
output BOT_TENANT_ID string = tenant().tenantId
output BOT_TYPE string = botType
output BOT_MANAGED_IDENTITY_RESOURCE_ID string = identity.id
