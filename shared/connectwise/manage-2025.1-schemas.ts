/**
 * GENERATED — do not edit. ConnectWise Manage 2025.1 schemas, produced by openapi-typescript 7.13.0
 * from the OpenAPI subset of the 2025.1 spec (cw-simulator/openapi-subset-2025.1.json):
 *
 *   npx openapi-typescript@7.13.0 openapi-subset-2025.1.json -o manage-2025.1.ts
 *
 * then trimmed to the `components.schemas` entries the bridge uses and everything they reference:
 * Addition, Agreement, Board, BoardStatus, CatalogItem, Company, CompanyManagementSummary,
 * ErrorResponseMessage, Info, ManagedDevicesIntegration, ManagedDevicesIntegrationCrossReference,
 * ManagementItSolution, Member, PatchOperation, ProductItem, ServiceNote, Ticket, ValidationError.
 * Blocks are copied verbatim (then formatted by Biome); the paths and operations were dropped.
 */
export interface components {
  schemas: {
    Addition: {
      /** Format: int32 */
      id?: number;
      product: components['schemas']['IvItemReference'];
      /** Format: double */
      quantity?: number | null;
      /** Format: double */
      lessIncluded?: number | null;
      /** Format: double */
      unitPrice?: number | null;
      /** Format: double */
      unitCost?: number | null;
      /** @enum {string|null} */
      billCustomer: 'Billable' | 'DoNotBill' | 'NoCharge' | null;
      /** Format: date-time */
      effectiveDate?: string;
      /** Format: date-time */
      cancelledDate?: string;
      taxableFlag?: boolean | null;
      /** @description Max length: 50; */
      serialNumber?: string;
      /** @description Max length: 6000; */
      invoiceDescription?: string;
      purchaseItemFlag?: boolean | null;
      specialOrderFlag?: boolean | null;
      /** Format: int32 */
      agreementId?: number | null;
      description?: string;
      /** Format: double */
      billedQuantity?: number | null;
      uom?: string;
      /** Format: double */
      extPrice?: number | null;
      /** Format: double */
      extCost?: number | null;
      /** Format: double */
      sequenceNumber?: number | null;
      /** Format: double */
      margin?: number | null;
      /** Format: double */
      prorateCost?: number | null;
      /** Format: double */
      proratePrice?: number | null;
      /** Format: double */
      extendedProrateCost?: number | null;
      /** Format: double */
      extendedProratePrice?: number | null;
      prorateCurrentPeriodFlag?: boolean | null;
      opportunity?: components['schemas']['OpportunityReference'];
      agreementStatus?: string | null;
      invoiceGrouping?: components['schemas']['InvoiceGroupingReference'];
      _info?: {
        [key: string]: string;
      };
      customFields?: components['schemas']['CustomFieldValue'][];
    };
    Agreement: {
      /** Format: int32 */
      id?: number;
      /** @description Max length: 100; */
      name: string;
      type: components['schemas']['AgreementTypeReference'];
      company: components['schemas']['CompanyReference'];
      contact: components['schemas']['ContactReference'];
      site?: components['schemas']['SiteReference'];
      subContractCompany?: components['schemas']['CompanyReference'];
      subContractContact?: components['schemas']['ContactReference'];
      parentAgreement?: components['schemas']['AgreementReference'];
      /** @description Max length: 50; */
      customerPO?: string;
      location?: components['schemas']['SystemLocationReference'];
      department?: components['schemas']['SystemDepartmentReference'];
      restrictLocationFlag?: boolean | null;
      restrictDepartmentFlag?: boolean | null;
      /** Format: date-time */
      startDate?: string;
      /** Format: date-time */
      endDate?: string;
      noEndingDateFlag?: boolean | null;
      opportunity?: components['schemas']['OpportunityReference'];
      cancelledFlag?: boolean | null;
      /** Format: date-time */
      dateCancelled?: string;
      /** @description Max length: 100; */
      reasonCancelled?: string;
      sla?: components['schemas']['SLAReference'];
      /** @description Max length: 20; */
      workOrder?: string;
      internalNotes?: string;
      applicationUnits?: string | null;
      /** Format: double */
      applicationLimit?: number | null;
      applicationCycle?: string | null;
      applicationUnlimitedFlag?: boolean | null;
      oneTimeFlag?: boolean | null;
      coverAgreementTime?: boolean | null;
      coverAgreementProduct?: boolean | null;
      coverAgreementExpense?: boolean | null;
      coverSalesTax?: boolean | null;
      carryOverUnused?: boolean | null;
      allowOverruns?: boolean | null;
      /** Format: int32 */
      expiredDays?: number | null;
      /** Format: int32 */
      limit?: number | null;
      expireWhenZero?: boolean | null;
      chargeToFirm?: boolean | null;
      /** @description Required On Updates; */
      employeeCompRate?: string | null;
      employeeCompNotExceed?: string | null;
      /** Format: double */
      compHourlyRate?: number | null;
      /** Format: double */
      compLimitAmount?: number | null;
      billingCycle?: components['schemas']['BillingCycleReference'];
      billOneTimeFlag?: boolean | null;
      billingTerms?: components['schemas']['BillingTermsReference'];
      /** @description Required On Updates; */
      invoicingCycle?: string | null;
      billToCompany?: components['schemas']['CompanyReference'];
      billToContact?: components['schemas']['ContactReference'];
      billToSite?: components['schemas']['SiteReference'];
      /** Format: double */
      billAmount?: number | null;
      taxable?: boolean | null;
      /** Format: double */
      prorateFirstBill?: number | null;
      /** Format: date-time */
      billStartDate?: string;
      taxCode?: components['schemas']['TaxCodeReference'];
      restrictDownPayment?: boolean | null;
      prorateFlag?: boolean | null;
      invoiceProratedAdditionsFlag?: boolean | null;
      invoiceDescription?: string;
      topComment?: boolean | null;
      bottomComment?: boolean | null;
      workRole?: components['schemas']['WorkRoleReference'];
      workType?: components['schemas']['WorkTypeReference'];
      projectType?: components['schemas']['ProjectTypeReference'];
      invoiceTemplate?: components['schemas']['InvoiceTemplateReference'];
      /** @description Required On Updates; */
      billTime?: string | null;
      /** @description Required On Updates; */
      billExpenses?: string | null;
      /** @description Required On Updates; */
      billProducts?: string | null;
      billableTimeInvoice?: boolean | null;
      billableExpenseInvoice?: boolean | null;
      billableProductInvoice?: boolean | null;
      currency?: components['schemas']['CurrencyReference'];
      periodType?: string | null;
      autoInvoiceFlag?: boolean | null;
      nextInvoiceDate?: string;
      companyLocation?: components['schemas']['SystemLocationReference'];
      shipToCompany?: components['schemas']['CompanyReference'];
      shipToContact?: components['schemas']['ContactReference'];
      shipToSite?: components['schemas']['SiteReference'];
      agreementStatus?: string | null;
      _info?: {
        [key: string]: string;
      };
      customFields?: components['schemas']['CustomFieldValue'][];
    };
    AgreementReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      type?: string;
      chargeFirmFlag?: boolean | null;
      _info?: {
        [key: string]: string;
      };
    };
    AgreementTypeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    BillingCycleReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    BillingDeliveryReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    BillingTermsReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    BillingUnitReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    Board: {
      /** Format: int32 */
      id?: number;
      /** @description Max length: 50; */
      name: string;
      location: components['schemas']['SystemLocationReference'];
      department: components['schemas']['SystemDepartmentReference'];
      inactiveFlag?: boolean | null;
      signOffTemplate?: components['schemas']['ServiceSignoffReference'];
      sendToContactFlag?: boolean | null;
      contactTemplate?: components['schemas']['ServiceEmailTemplateReference'];
      sendToResourceFlag?: boolean | null;
      resourceTemplate?: components['schemas']['ServiceEmailTemplateReference'];
      projectFlag?: boolean | null;
      /** @description This field only shows if it is Project Board. */
      showDependenciesFlag?: boolean | null;
      /** @description This field only shows if it is Project Board. */
      showEstimatesFlag?: boolean | null;
      boardIcon?: components['schemas']['DocumentReference'];
      billTicketsAfterClosedFlag?: boolean | null;
      billTicketSeparatelyFlag?: boolean | null;
      billUnapprovedTimeExpenseFlag?: boolean | null;
      overrideBillingSetupFlag?: boolean | null;
      dispatchMember?: components['schemas']['MemberReference'];
      serviceManagerMember?: components['schemas']['MemberReference'];
      dutyManagerMember?: components['schemas']['MemberReference'];
      oncallMember?: components['schemas']['MemberReference'];
      workRole?: components['schemas']['WorkRoleReference'];
      workType?: components['schemas']['WorkTypeReference'];
      billTime?: string | null;
      billExpense?: string | null;
      billProduct?: string | null;
      autoCloseStatus?: components['schemas']['ServiceStatusReference'];
      autoAssignNewTicketsFlag?: boolean | null;
      autoAssignNewECTicketsFlag?: boolean | null;
      autoAssignNewPortalTicketsFlag?: boolean | null;
      discussionsLockedFlag?: boolean | null;
      timeEntryLockedFlag?: boolean | null;
      /** @description Max length: 50; */
      notifyEmailFrom?: string;
      /** @description Max length: 60; */
      notifyEmailFromName?: string;
      closedLoopDiscussionsFlag?: boolean | null;
      closedLoopResolutionFlag?: boolean | null;
      closedLoopInternalAnalysisFlag?: boolean | null;
      timeEntryDiscussionFlag?: boolean | null;
      timeEntryResolutionFlag?: boolean | null;
      timeEntryInternalAnalysisFlag?: boolean | null;
      problemSort?: string | null;
      resolutionSort?: string | null;
      internalAnalysisSort?: string | null;
      emailConnectorAllowReopenClosedFlag?: boolean | null;
      emailConnectorReopenStatus?: components['schemas']['ServiceStatusReference'];
      /** @description This field can only be set when emailConnectorAllowReopenClosed is true. */
      emailConnectorReopenResourcesFlag?: boolean | null;
      /** @description This field can only be set when emailConnectorAllowReopenClosed is true. */
      emailConnectorNewTicketNoMatchFlag?: boolean | null;
      /** @description This field can only be set when emailConnectorAllowReopenClosed is true. */
      emailConnectorNeverReopenByDaysFlag?: boolean | null;
      /**
       * Format: int32
       * @description This field can only be set when emailConnectorNeverReopenByDaysFlag and emailConnectorAllowReopenClosed are both true             This field is required when emailConnectorNeverReopenByDaysFlag is true.
       */
      emailConnectorReopenDaysLimit?: number | null;
      /** @description This field can only be set when emailConnectorAllowReopenClosed is true. */
      emailConnectorNeverReopenByDaysClosedFlag?: boolean | null;
      /**
       * Format: int32
       * @description This field can only be set when emailConnectorNeverReopenByDaysClosedFlag and emailConnectorAllowReopenClosed are both true             This field is required when emailConnectorNeverReopenByDaysClosedFlag is true.
       */
      emailConnectorReopenDaysClosedLimit?: number | null;
      useMemberDisplayNameFlag?: boolean | null;
      sendToCCFlag?: boolean | null;
      autoAssignTicketOwnerFlag?: boolean | null;
      autoAssignLimitFlag?: boolean | null;
      /**
       * Format: int32
       * @description This field can only be set when autoAssignLimitFlag is true
       */
      autoAssignLimitAmount?: number | null;
      closedLoopAllFlag?: boolean | null;
      percentageCalculation?: string | null;
      allSort?: string | null;
      markFirstNoteIssueFlag?: boolean | null;
      restrictBoardByDefaultFlag?: boolean | null;
      sendToBundledFlag?: boolean | null;
      _info?: {
        [key: string]: string;
      };
    };
    BoardReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    BoardStatus: {
      /** Format: int32 */
      id?: number;
      /** @description Max length: 50; */
      name: string;
      board?: components['schemas']['BoardReference'];
      /** Format: int32 */
      sortOrder?: number | null;
      displayOnBoard?: boolean | null;
      inactive?: boolean | null;
      closedStatus?: boolean | null;
      timeEntryNotAllowed?: boolean | null;
      roundRobinCatchall?: boolean | null;
      defaultFlag?: boolean | null;
      /** @enum {string|null} */
      escalationStatus?: 'NotResponded' | 'Responded' | 'ResolutionPlan' | 'Resolved' | 'NoEscalation' | null;
      /** @description Max length: 500; */
      customerPortalDescription?: string;
      customerPortalFlag?: boolean | null;
      emailTemplate?: components['schemas']['ServiceEmailTemplateReference'];
      statusIndicator?: components['schemas']['StatusIndicatorReference'];
      /** @description Max length: 30; */
      customStatusIndicatorName?: string;
      _info?: {
        [key: string]: string;
      };
      saveTimeAsNote?: boolean | null;
    };
    CalendarReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    CatalogItem: {
      /** Format: int32 */
      id?: number;
      /** @description Max length: 75; */
      identifier: string;
      /** @description Max length: 60; */
      description: string;
      inactiveFlag?: boolean | null;
      subcategory: components['schemas']['ProductSubCategoryReference'];
      type: components['schemas']['ProductTypeReference'];
      /**
       * @description Defaults to Non-Inventory.
       * @enum {string|null}
       */
      productClass?: 'Agreement' | 'Bundle' | 'Inventory' | 'NonInventory' | 'Service' | null;
      serializedFlag?: boolean | null;
      serializedCostFlag?: boolean | null;
      phaseProductFlag?: boolean | null;
      unitOfMeasure?: components['schemas']['UnitOfMeasureReference'];
      /** Format: int32 */
      minStockLevel?: number | null;
      /** Format: double */
      price?: number | null;
      /** Format: double */
      cost?: number | null;
      /** @enum {string|null} */
      priceAttribute?: 'FixedFee' | 'NotToExceed' | 'OverrideRate' | 'TimeAndMaterials' | null;
      taxableFlag?: boolean | null;
      dropShipFlag?: boolean | null;
      specialOrderFlag?: boolean | null;
      /** @description Max length: 6000; */
      customerDescription: string;
      manufacturer?: components['schemas']['ManufacturerReference'];
      /** @description Max length: 50; */
      manufacturerPartNumber?: string;
      vendor?: components['schemas']['CompanyReference'];
      /** @description Max length: 50; */
      vendorSku?: string;
      notes?: string;
      /** @description Max length: 50; */
      integrationXRef?: string;
      sla?: components['schemas']['SLAReference'];
      entityType?: components['schemas']['EntityTypeReference'];
      recurringFlag?: boolean | null;
      /** Format: double */
      recurringRevenue?: number | null;
      /** Format: double */
      recurringCost?: number | null;
      recurringOneTimeFlag?: boolean | null;
      recurringBillCycle?: components['schemas']['BillingCycleReference'];
      recurringCycleType?: string | null;
      calculatedPriceFlag?: boolean | null;
      calculatedCostFlag?: boolean | null;
      category?: components['schemas']['ProductCategoryReference'];
      /** Format: double */
      calculatedPrice?: number | null;
      /** Format: double */
      calculatedCost?: number | null;
      billableOption?: string | null;
      connectWiseID?: string;
      agreementType?: components['schemas']['AgreementTypeReference'];
      /** Format: double */
      markupPercentage?: number | null;
      markupFlag?: boolean | null;
      autoUpdateUnitCostFlag?: boolean | null;
      autoUpdateUnitPriceFlag?: boolean | null;
      _info?: {
        [key: string]: string;
      };
      customFields?: components['schemas']['CustomFieldValue'][];
    };
    CatalogItemReference: {
      /** Format: int32 */
      id?: number | null;
      identifier?: string;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    Company: {
      /** Format: int32 */
      id?: number;
      /** @description Max length: 30; */
      identifier: string;
      /** @description Max length: 50; */
      name: string;
      status?: components['schemas']['CompanyStatusReference'];
      /** @description Gets or sets at least one address field is required -- addressLine1, addressLine2, city, state, zip and/or country. Max length: 50; */
      addressLine1?: string;
      /** @description Gets or sets at least one address field is required -- addressLine1, addressLine2, city, state, zip and/or country. Max length: 50; */
      addressLine2?: string;
      /** @description Gets or sets at least one address field is required -- addressLine1, addressLine2, city, state, zip and/or country. Max length: 50; */
      city?: string;
      /** @description Gets or sets at least one address field is required -- addressLine1, addressLine2, city, state, zip and/or country. Max length: 50; */
      state?: string;
      /** @description Gets or sets at least one address field is required -- addressLine1, addressLine2, city, state, zip and/or country. Max length: 12; */
      zip?: string;
      country?: components['schemas']['CountryReference'];
      /** @description Max length: 30; */
      phoneNumber?: string;
      /** @description Max length: 30; */
      faxNumber?: string;
      /** @description Max length: 255; */
      website?: string;
      territory?: components['schemas']['SystemLocationReference'];
      market?: components['schemas']['MarketDescriptionReference'];
      accountNumber?: string;
      defaultContact?: components['schemas']['ContactReference'];
      /** Format: date-time */
      dateAcquired?: string;
      sicCode?: components['schemas']['SicCodeReference'];
      parentCompany?: components['schemas']['CompanyReference'];
      /** Format: double */
      annualRevenue?: number | null;
      /** Format: int32 */
      numberOfEmployees?: number | null;
      /** Format: int32 */
      yearEstablished?: number | null;
      /** Format: int32 */
      revenueYear?: number | null;
      ownershipType?: components['schemas']['OwnershipTypeReference'];
      timeZoneSetup?: components['schemas']['TimeZoneSetupReference'];
      /** @description Max length: 50; */
      leadSource?: string;
      leadFlag?: boolean | null;
      unsubscribeFlag?: boolean | null;
      calendar?: components['schemas']['CalendarReference'];
      /** @description Max length: 50; */
      userDefinedField1?: string;
      /** @description Max length: 50; */
      userDefinedField2?: string;
      /** @description Max length: 50; */
      userDefinedField3?: string;
      /** @description Max length: 50; */
      userDefinedField4?: string;
      /** @description Max length: 50; */
      userDefinedField5?: string;
      /** @description Max length: 50; */
      userDefinedField6?: string;
      /** @description Max length: 50; */
      userDefinedField7?: string;
      /** @description Max length: 50; */
      userDefinedField8?: string;
      /** @description Max length: 50; */
      userDefinedField9?: string;
      /** @description Max length: 50; */
      userDefinedField10?: string;
      vendorIdentifier?: string;
      taxIdentifier?: string;
      taxCode?: components['schemas']['TaxCodeReference'];
      billingTerms?: components['schemas']['BillingTermsReference'];
      invoiceTemplate?: components['schemas']['InvoiceTemplateReference'];
      pricingSchedule?: components['schemas']['PricingScheduleReference'];
      companyEntityType?: components['schemas']['EntityTypeReference'];
      billToCompany?: components['schemas']['CompanyReference'];
      billingSite?: components['schemas']['SiteReference'];
      billingContact?: components['schemas']['ContactReference'];
      invoiceDeliveryMethod?: components['schemas']['BillingDeliveryReference'];
      invoiceToEmailAddress?: string;
      invoiceCCEmailAddress?: string;
      deletedFlag?: boolean | null;
      /** Format: date-time */
      dateDeleted?: string;
      deletedBy?: string;
      mobileGuid?: string | null;
      facebookUrl?: string;
      twitterUrl?: string;
      linkedInUrl?: string;
      currency?: components['schemas']['CurrencyReference'];
      territoryManager?: components['schemas']['MemberReference'];
      resellerIdentifier?: string;
      isVendorFlag?: boolean | null;
      /** @description Gets or sets integrer array of Company_Type_Recids to be assigned to company that can be passed in only during new company creation (post)             To update existing companies type, use the /company/companyTypeAssociations or /company/companies/{ID}/typeAssociations endpoints. */
      types?: components['schemas']['CompanyTypeReference'][];
      site?: components['schemas']['SiteReference'];
      integratorTags?: string[];
      _info?: {
        [key: string]: string;
      };
      customFields?: components['schemas']['CustomFieldValue'][];
    };
    CompanyManagementSummary: {
      /** Format: int32 */
      id?: number;
      managementSolution?: components['schemas']['ManagementSolutionReference'];
      /** @description Max length: 100; */
      groupIdentifier: string;
      /**
       * @description Gets or sets deviceType is required if the managementSolution is Legacy.
       * @enum {string|null}
       */
      deviceType?: 'WorkstationsAndServers' | 'BackupStats' | 'Servers' | 'Workstations' | null;
      agreement?: components['schemas']['AgreementReference'];
      /** Format: int32 */
      snmpMachines?: number | null;
      /** Format: int32 */
      totalWorkstations?: number | null;
      /** Format: int32 */
      totalServers?: number | null;
      /** Format: int32 */
      totalWindowsServers?: number | null;
      /** Format: int32 */
      totalWindowsWorkstations?: number | null;
      /** Format: int32 */
      totalManagedMachines?: number | null;
      /** Format: int32 */
      serversOffline?: number | null;
      /** Format: int32 */
      serversDiskSpaceLow?: number | null;
      /** Format: int32 */
      failedBackupJobs?: number | null;
      /** Format: int32 */
      totalNotifications?: number | null;
      /** Format: int32 */
      successfulBackupJobs?: number | null;
      /** Format: int32 */
      serverAvailability?: number | null;
      /** Format: int32 */
      virusesRemoved?: number | null;
      /** Format: int32 */
      spywareItemsRemoved?: number | null;
      /** Format: int32 */
      windowsPatchesInstalled?: number | null;
      /** Format: int32 */
      diskCleanups?: number | null;
      /** Format: int32 */
      diskDefragmentations?: number | null;
      /** Format: int32 */
      fullyPatchedMachines?: number | null;
      /** Format: int32 */
      missingOneTwoPatchesMachines?: number | null;
      /** Format: int32 */
      missingThreeFivePatchesMachines?: number | null;
      /** Format: int32 */
      missingMoreFivePatchesMachines?: number | null;
      /** Format: int32 */
      missingUnscannedPatchesMachines?: number | null;
      alertsGenerated?: string;
      /** Format: double */
      internetConnectivity?: number | null;
      /** Format: int32 */
      diskSpaceCleanedMb?: number | null;
      missingSecurityPatches?: string;
      /** Format: double */
      cpuUtilization?: number | null;
      /** Format: double */
      memoryUtilization?: number | null;
      company?: components['schemas']['CompanyReference'];
      _info?: {
        [key: string]: string;
      };
    };
    CompanyReference: {
      /** Format: int32 */
      id?: number | null;
      identifier?: string;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    CompanyStatusReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    CompanyTypeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ConfigurationTypeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ContactReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    CountryReference: {
      /** Format: int32 */
      id?: number | null;
      identifier?: string;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    CurrencyReference: {
      /** Format: int32 */
      id?: number | null;
      symbol?: string;
      currencyCode?: string;
      decimalSeparator?: string;
      /** Format: int32 */
      numberOfDecimals?: number;
      thousandsSeparator?: string;
      negativeParenthesesFlag?: boolean;
      displaySymbolFlag?: boolean;
      currencyIdentifier?: string;
      displayIdFlag?: boolean;
      rightAlign?: boolean;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    CustomFieldValue: {
      /** Format: int32 */
      id?: number | null;
      caption?: string;
      /** @enum {string|null} */
      type?:
        | 'TextArea'
        | 'Button'
        | 'Currency'
        | 'Date'
        | 'Hyperlink'
        | 'IPAddress'
        | 'Checkbox'
        | 'Number'
        | 'Percent'
        | 'PhoneNumber'
        | 'Text'
        | 'Password'
        | null;
      /** @enum {string|null} */
      entryMethod?: 'Date' | 'EntryField' | 'List' | 'Option' | null;
      /** Format: int32 */
      numberOfDecimals?: number | null;
      value?: Record<string, never>;
      connectWiseId?: string;
    };
    DirectionalSyncReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    DocumentReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    EntityTypeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ErrorResponseMessage: {
      code?: string;
      message?: string;
      errors?: components['schemas']['ValidationError'][];
    };
    Info: {
      version?: string;
      isCloud?: boolean;
      serverTimeZone?: string;
      licenseBits?: components['schemas']['LicenseBit'][];
      cloudRegion?: string;
      /** Format: int32 */
      maxWorkFlowRecordsAllowed?: number;
    };
    IntegratorLoginReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    InvoiceGroupingReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      description?: string;
      showPriceFlag?: boolean;
      showSubItemsFlag?: boolean;
      groupParentChildAdditionsFlag?: boolean;
      _info?: {
        [key: string]: string;
      };
    };
    InvoiceReference: {
      /** Format: int32 */
      id?: number | null;
      identifier?: string;
      billingType?: string;
      applyToType?: string;
      invoiceDate?: string;
      chargeFirmFlag?: boolean | null;
      _info?: {
        [key: string]: string;
      };
    };
    InvoiceTemplateReference: {
      /**
       * Format: int32
       * @description Gets or sets invoice Template Setup Id.
       */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    IvItemReference: {
      /** Format: int32 */
      id?: number | null;
      identifier?: string;
      serializedFlag?: boolean | null;
      _info?: {
        [key: string]: string;
      };
    };
    LdapConfigurationReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      server?: string;
      _info?: {
        [key: string]: string;
      };
    };
    LicenseBit: {
      name?: string;
      activeFlag?: boolean;
    };
    ManagedDevicesIntegration: {
      /** Format: int32 */
      id?: number;
      /** @description Max length: 30; */
      name: string;
      /** @description Max length: 30; */
      solution: string;
      /** @description Max length: 200; */
      portalUrl?: string;
      /** @enum {string|null} */
      loginBy: 'Global' | 'Member' | null;
      /** @description Gets or sets             this is only required when globalLoginFlag = true. Max length: 50; */
      globalLoginUsername?: string;
      /** @description Gets or sets             this is only required when globalLoginFlag = true. Max length: 50; */
      globalLoginPassword?: string;
      /** @enum {string|null} */
      defaultBillingLevel: 'Detail' | 'Summary' | null;
      managementItSetupType?: string;
      defaultLocation?: components['schemas']['SystemLocationReference'];
      defaultDepartment?: components['schemas']['SystemDepartmentReference'];
      integratorLogin?: components['schemas']['IntegratorLoginReference'];
      matchOnSerialNumberFlag?: boolean | null;
      disableNewCrossReferencesFlag?: boolean | null;
      configBillCustomerFlag?: boolean | null;
      _info?: {
        [key: string]: string;
      };
    };
    ManagedDevicesIntegrationCrossReference: {
      /** Format: int32 */
      id?: number;
      managedDevicesIntegration?: components['schemas']['ManagedDevicesIntegrationReference'];
      /** @description Max length: 255; */
      vendorType?: string;
      /** @description Max length: 255; */
      vendorLevel?: string;
      agreementType?: components['schemas']['AgreementTypeReference'];
      product?: components['schemas']['IvItemReference'];
      configurationType?: components['schemas']['ConfigurationTypeReference'];
      inactiveFlag?: boolean | null;
      _info?: {
        [key: string]: string;
      };
    };
    ManagedDevicesIntegrationReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ManagementItSolution: {
      /** Format: int32 */
      id?: number;
      /** @description Max length: 30; */
      name: string;
      /** @enum {string|null} */
      managementItSolutionType: 'LevelPlatforms' | 'NAble' | 'Continuum' | 'Custom' | null;
      /** @description Gets or sets             this is only required when managementItSolutionType is Custom. Max length: 30; */
      managementSolutionName?: string;
      /** @description Gets or sets             this is only required for Level Platforms. Max length: 200; */
      managementServerUrl?: string;
      /** @description Gets or sets             this is only required for Level Platforms when overrideWebServiceLocationFlag is true. Max length: 200; */
      webserviceOverrideUrl?: string;
      /** @description Gets or sets             this is only required for Level Platforms when overrideLoginLocationFlag is true. Max length: 200; */
      portalOverrideLoginUrl?: string;
      globalLoginFlag?: boolean | null;
      /** @description Gets or sets             this is only required when globalLoginFlag = true. Max length: 50; */
      globalLoginUsername?: string;
      /** @description Gets or sets             this is only required when globalLoginFlag = true. Max length: 50; */
      globalLoginPassword?: string;
      usingSslFlag?: boolean | null;
      /** @description Gets or sets             this is only required for N-Able solution. Max length: 50; */
      nAbleUsername?: string;
      /** @description Gets or sets             this is only required for N-Able solution. Max length: 50; */
      nAblePassword?: string;
      overrideWebServiceLocationFlag?: boolean | null;
      overrideLoginLocationFlag?: boolean | null;
      /** @description Gets or sets             this is only required for Continuum solution. Max length: 100; */
      continuumApiUsername?: string;
      /** @description Gets or sets             this is only required for Continuum solution. Max length: 100; */
      continuumApiPassword?: string;
      /** @description Gets or sets             this is only required for Level Platforms solution. Max length: 100; */
      levelApiUsername?: string;
      /** @description Gets or sets             this is only required for Level Platforms solution. Max length: 100; */
      levelApiPassword?: string;
      /** @description Gets or sets             this is only required for Level Platforms solution. Max length: 100; */
      levelVarDomain?: string;
      noDisplayFlag?: boolean | null;
      _info?: {
        [key: string]: string;
      };
    };
    ManagementSolutionReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      setupName?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ManufacturerReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    MarketDescriptionReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    Member: {
      /** Format: int32 */
      id?: number;
      /** @description Max length: 15; */
      identifier: string;
      /** @description ConditionallyRequired. API Member will get random password generated Max length: 60; */
      password?: string;
      disableOnlineFlag?: boolean | null;
      /**
       * @description F = Full Member, A = API Member, C = StreamlineIT Member, X = Subcontractor Member
       * @enum {string|null}
       */
      licenseClass: 'A' | 'C' | 'F' | 'X' | null;
      notes?: string;
      /** @description Max length: 10; */
      employeeIdentifer?: string;
      vendorNumber?: string;
      enableMobileGpsFlag?: boolean | null;
      /** Format: date-time */
      inactiveDate?: string;
      inactiveFlag?: boolean | null;
      lastLogin?: string;
      clientId?: string;
      token?: string;
      /** @description Max length: 30; */
      firstName: string;
      /** @description Max length: 1; */
      middleInitial?: string;
      /** @description Max length: 30; */
      lastName: string;
      /** Format: date-time */
      hireDate: string;
      country?: components['schemas']['CountryReference'];
      photo?: components['schemas']['DocumentReference'];
      /** @description Max length: 250; */
      officeEmail?: string;
      /** @description Max length: 250; */
      mobileEmail?: string;
      /** @description Max length: 250; */
      homeEmail?: string;
      /** @enum {string|null} */
      defaultEmail: 'Office' | 'Mobile' | 'Home' | null;
      /** @description Max length: 250; */
      primaryEmail?: string;
      /** @description Max length: 15; */
      officePhone?: string;
      /** @description Max length: 10; */
      officeExtension?: string;
      /** @description Max length: 15; */
      mobilePhone?: string;
      /** @description Max length: 10; */
      mobileExtension?: string;
      /** @description Max length: 15; */
      homePhone?: string;
      /** @description Max length: 10; */
      homeExtension?: string;
      /** @enum {string|null} */
      defaultPhone: 'Office' | 'Mobile' | 'Home' | null;
      securityRole: components['schemas']['SecurityRoleReference'];
      office365?: components['schemas']['MemberOffice365'];
      mapiName?: string;
      calendarSyncIntegrationFlag?: boolean | null;
      authenticationServiceType?: string | null;
      timebasedOneTimePasswordActivated?: boolean | null;
      enableLdapAuthenticationFlag?: boolean | null;
      ldapConfiguration?: components['schemas']['LdapConfigurationReference'];
      /** @description Max length: 50; */
      ldapUserName?: string;
      directionalSync?: components['schemas']['DirectionalSyncReference'];
      ssoSettings?: components['schemas']['MemberSsoSettingsReference'];
      signature?: string;
      phoneIntegrationType?: string | null;
      useBrowserLanguageFlag?: boolean | null;
      title?: string;
      reportCard?: components['schemas']['ReportCardReference'];
      enableMobileFlag?: boolean | null;
      type?: components['schemas']['MemberTypeReference'];
      timeZone?: components['schemas']['TimeZoneSetupReference'];
      partnerPortalFlag?: boolean | null;
      stsUserAdminUrl?: string;
      toastNotificationFlag?: boolean | null;
      memberPersonas?: number[];
      adminFlag?: boolean | null;
      structureLevel?: components['schemas']['StructureReference'];
      securityLocation?: components['schemas']['SystemLocationReference'];
      defaultLocation?: components['schemas']['SystemLocationReference'];
      defaultDepartment?: components['schemas']['SystemDepartmentReference'];
      reportsTo?: components['schemas']['MemberReference'];
      restrictLocationFlag?: boolean | null;
      restrictDepartmentFlag?: boolean | null;
      workRole?: components['schemas']['WorkRoleReference'];
      workType?: components['schemas']['WorkTypeReference'];
      timeApprover?: components['schemas']['MemberReference'];
      expenseApprover?: components['schemas']['MemberReference'];
      /** Format: double */
      billableForecast?: number | null;
      /** Format: double */
      dailyCapacity?: number | null;
      /** Format: double */
      hourlyCost?: number | null;
      /** Format: double */
      hourlyRate?: number | null;
      includeInUtilizationReportingFlag?: boolean | null;
      requireExpenseEntryFlag?: boolean | null;
      requireTimeSheetEntryFlag?: boolean | null;
      requireStartAndEndTimeOnTimeEntryFlag?: boolean | null;
      allowInCellEntryOnTimeSheet?: boolean | null;
      enterTimeAgainstCompanyFlag?: boolean | null;
      allowExpensesEnteredAgainstCompaniesFlag?: boolean | null;
      timeReminderEmailFlag?: boolean | null;
      /** Format: int32 */
      daysTolerance?: number | null;
      /** Format: double */
      minimumHours?: number | null;
      timeSheetStartDate?: string;
      serviceDefaultLocation?: components['schemas']['SystemLocationReference'];
      serviceDefaultDepartment?: components['schemas']['SystemDepartmentReference'];
      serviceDefaultBoard?: components['schemas']['BoardReference'];
      restrictServiceDefaultLocationFlag?: boolean | null;
      restrictServiceDefaultDepartmentFlag?: boolean | null;
      excludedServiceBoardIds?: number[];
      teams?: number[];
      serviceBoardTeamIds?: number[];
      projectDefaultLocation?: components['schemas']['SystemLocationReference'];
      projectDefaultDepartment?: components['schemas']['SystemDepartmentReference'];
      projectDefaultBoard?: components['schemas']['ProjectBoardReference'];
      restrictProjectDefaultLocationFlag?: boolean | null;
      restrictProjectDefaultDepartmentFlag?: boolean | null;
      excludedProjectBoardIds?: number[];
      scheduleDefaultLocation?: components['schemas']['SystemLocationReference'];
      scheduleDefaultDepartment?: components['schemas']['SystemDepartmentReference'];
      /** Format: double */
      scheduleCapacity?: number | null;
      serviceLocation?: components['schemas']['ServiceLocationReference'];
      restrictScheduleFlag?: boolean | null;
      hideMemberInDispatchPortalFlag?: boolean | null;
      calendar?: components['schemas']['CalendarReference'];
      salesDefaultLocation?: components['schemas']['SystemLocationReference'];
      restrictDefaultSalesTerritoryFlag?: boolean | null;
      warehouse?: components['schemas']['WarehouseReference'];
      warehouseBin?: components['schemas']['WarehouseBinReference'];
      restrictDefaultWarehouseFlag?: boolean | null;
      restrictDefaultWarehouseBinFlag?: boolean | null;
      companyActivityTabFormat?: string | null;
      invoiceTimeTabFormat?: string | null;
      invoiceScreenDefaultTabFormat?: string | null;
      invoicingDisplayOptions?: string | null;
      agreementInvoicingDisplayOptions?: string | null;
      autoStartStopwatch?: boolean | null;
      autoPopupQuickNotesWithStopwatch?: boolean | null;
      globalSearchDefaultTicketFilter?: string | null;
      globalSearchDefaultSort?: string | null;
      phoneSource?: string;
      _info?: {
        [key: string]: string;
      };
      copyPodLayouts?: boolean;
      copySharedDefaultViews?: boolean;
      copyColumnLayoutsAndFilters?: boolean;
      /** Format: int32 */
      fromMemberRecId?: number;
      /** Format: int32 */
      fromMemberTemplateRecId?: number;
      customFields?: components['schemas']['CustomFieldValue'][];
    };
    MemberOffice365: {
      id?: string;
      name?: string;
    };
    MemberReference: {
      /** Format: int32 */
      id?: number | null;
      identifier?: string;
      name?: string;
      /** Format: double */
      dailyCapacity?: number | null;
      _info?: {
        [key: string]: string;
      };
    };
    MemberSsoSettingsReference: {
      /** Format: int32 */
      id?: number | null;
      ssoUserId?: string;
      userName?: string;
      email?: string;
      _info?: {
        [key: string]: string;
      };
    };
    MemberTypeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    OpportunityReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    OpportunityStatusReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    OwnershipTypeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    PatchOperation: {
      op?: string;
      path?: string;
      value?: Record<string, never>;
    };
    PricingScheduleReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    PriorityReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      /** Format: int32 */
      sort?: number | null;
      level?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ProductCategoryReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ProductItem: {
      /** Format: int32 */
      id?: number;
      catalogItem: components['schemas']['CatalogItemReference'];
      /** @description Max length: 2000; */
      description?: string;
      /** Format: double */
      sequenceNumber?: number | null;
      /** Format: double */
      quantity?: number | null;
      unitOfMeasure?: components['schemas']['UnitOfMeasureReference'];
      /** Format: double */
      price?: number | null;
      /** Format: double */
      cost?: number | null;
      /** Format: double */
      extPrice?: number | null;
      /** Format: double */
      extCost?: number | null;
      /** Format: double */
      discount?: number | null;
      /** Format: double */
      margin?: number | null;
      /** Format: double */
      agreementAmount?: number | null;
      /** @enum {string|null} */
      priceMethod?:
        | 'FlatRateForRange'
        | 'PercentMarkupFromCost'
        | 'PercentMarkdownFromPrice'
        | 'PricePerUnit'
        | null;
      /** @enum {string|null} */
      billableOption: 'Billable' | 'DoNotBill' | 'NoCharge' | null;
      agreement?: components['schemas']['AgreementReference'];
      /**
       * Format: int32
       * @description Required On Updates;
       */
      locationId?: number | null;
      location?: components['schemas']['SystemLocationReference'];
      /**
       * Format: int32
       * @description Required On Updates;
       */
      businessUnitId?: number | null;
      businessUnit?: components['schemas']['BillingUnitReference'];
      vendor?: components['schemas']['CompanyReference'];
      /** @description Max length: 50; */
      vendorSku?: string;
      taxableFlag?: boolean | null;
      dropshipFlag?: boolean | null;
      specialOrderFlag?: boolean | null;
      phaseProductFlag?: boolean | null;
      cancelledFlag?: boolean | null;
      /** Format: double */
      quantityCancelled?: number | null;
      /** @description Max length: 100; */
      cancelledReason?: string;
      /** @description Max length: 6000; Required On Updates; */
      customerDescription?: string;
      /** @description Max length: 1000; */
      internalNotes?: string;
      productSuppliedFlag?: boolean | null;
      /** Format: int32 */
      subContractorShipToId?: number | null;
      /** Format: double */
      subContractorAmountLimit?: number | null;
      recurring?: components['schemas']['ProductRecurring'];
      sla?: components['schemas']['SLAReference'];
      entityType?: components['schemas']['EntityTypeReference'];
      ticket?: components['schemas']['TicketReference'];
      project?: components['schemas']['ProjectReference'];
      phase?: components['schemas']['ProjectPhaseReference'];
      salesOrder?: components['schemas']['SalesOrderReference'];
      opportunity?: components['schemas']['OpportunityReference'];
      invoice?: components['schemas']['InvoiceReference'];
      /** Format: int32 */
      warehouseId?: number | null;
      warehouseIdObject?: components['schemas']['WarehouseReference'];
      /** Format: int32 */
      warehouseBinId?: number | null;
      warehouseBinIdObject?: components['schemas']['WarehouseBinReference'];
      calculatedPriceFlag?: boolean | null;
      calculatedCostFlag?: boolean | null;
      /** Format: int32 */
      forecastDetailId?: number | null;
      /** Format: int32 */
      cancelledBy?: number | null;
      /** Format: date-time */
      cancelledDate?: string;
      warehouse?: string;
      warehouseBin?: string;
      /** Format: date-time */
      purchaseDate?: string;
      taxCode?: components['schemas']['TaxCodeReference'];
      integrationXRef?: string;
      /** Format: double */
      listPrice?: number | null;
      serialNumberIds?: number[];
      serialNumbers?: string[];
      company?: components['schemas']['CompanyReference'];
      forecastStatus?: components['schemas']['OpportunityStatusReference'];
      productClass?: string | null;
      needToPurchaseFlag?: boolean | null;
      /** Format: int32 */
      needToOrderQuantity?: number | null;
      minimumStockFlag?: boolean | null;
      /** @description Max length: 10; */
      shipSet?: string;
      /** Format: double */
      calculatedPrice?: number | null;
      /** Format: double */
      calculatedCost?: number | null;
      invoiceGrouping?: components['schemas']['InvoiceGroupingReference'];
      poApprovedFlag?: boolean | null;
      uom?: string;
      addComponentsFlag?: boolean | null;
      ignorePricingSchedulesFlag?: boolean | null;
      asioSubscriptionsID?: string | null;
      _info?: {
        [key: string]: string;
      };
      bypassForecastUpdate?: boolean | null;
      customFields?: components['schemas']['CustomFieldValue'][];
    };
    ProductRecurring: {
      /** Format: double */
      recurringRevenue?: number | null;
      /** Format: double */
      recurringCost?: number | null;
      startDate?: string;
      /** @description The Recurring End Date is calculated based on the             start date, number of cycles, and cycle type. */
      endDate?: string;
      /** Format: int32 */
      billCycleId?: number | null;
      billCycle?: components['schemas']['BillingCycleReference'];
      /** Format: int32 */
      cycles?: number | null;
      cycleType?: string | null;
      agreementType?: components['schemas']['AgreementTypeReference'];
    };
    ProductSubCategoryReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ProductTypeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ProjectBoardReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ProjectPhaseReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ProjectReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ProjectTypeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ReportCardReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    SLAReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    SalesOrderReference: {
      /** Format: int32 */
      id?: number | null;
      identifier?: string;
      _info?: {
        [key: string]: string;
      };
    };
    SecurityRoleReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ServiceEmailTemplateReference: {
      /** Format: int32 */
      id?: number | null;
      identifier?: string;
      name?: string;
      type?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ServiceItemReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ServiceLocationReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ServiceNote: {
      /** Format: int32 */
      id?: number;
      /** Format: int32 */
      ticketId?: number | null;
      text?: string;
      detailDescriptionFlag?: boolean | null;
      internalAnalysisFlag?: boolean | null;
      resolutionFlag?: boolean | null;
      issueFlag?: boolean | null;
      member?: components['schemas']['MemberReference'];
      contact?: components['schemas']['ContactReference'];
      customerUpdatedFlag?: boolean | null;
      processNotifications?: boolean | null;
      dateCreated?: string;
      createdBy?: string;
      internalFlag?: boolean | null;
      externalFlag?: boolean | null;
      /** Format: double */
      sentimentScore?: number | null;
      _info?: {
        [key: string]: string;
      };
    };
    ServiceSignoffReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ServiceSourceReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ServiceStatusReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      /** Format: int32 */
      sort?: number | null;
      _info?: {
        [key: string]: string;
      };
    };
    ServiceSubTypeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ServiceTeamReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ServiceTypeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    SicCodeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    SiteReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    StatusIndicatorReference: {
      /** Format: int32 */
      id?: number | null;
      identifier?: string;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    StructureReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    SystemDepartmentReference: {
      /** Format: int32 */
      id?: number | null;
      identifier?: string;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    SystemLocationReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    TaxCodeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    Ticket: {
      /** Format: int32 */
      id?: number;
      /** @description Max length: 100; */
      summary: string;
      /** @enum {string|null} */
      recordType?: 'ProjectIssue' | 'ProjectTicket' | 'ServiceTicket' | null;
      board?: components['schemas']['BoardReference'];
      status?: components['schemas']['ServiceStatusReference'];
      workRole?: components['schemas']['WorkRoleReference'];
      workType?: components['schemas']['WorkTypeReference'];
      company: components['schemas']['CompanyReference'];
      site?: components['schemas']['SiteReference'];
      /** @description Max length: 50; */
      siteName?: string;
      /** @description Max length: 50; */
      addressLine1?: string;
      /** @description Max length: 50; */
      addressLine2?: string;
      /** @description Max length: 50; */
      city?: string;
      /** @description Max length: 50; */
      stateIdentifier?: string;
      /** @description Max length: 12; */
      zip?: string;
      country?: components['schemas']['CountryReference'];
      contact?: components['schemas']['ContactReference'];
      /** @description Max length: 62; */
      contactName?: string;
      /** @description Max length: 20; */
      contactPhoneNumber?: string;
      /** @description Max length: 15; */
      contactPhoneExtension?: string;
      /** @description Max length: 250; */
      contactEmailAddress?: string;
      type?: components['schemas']['ServiceTypeReference'];
      subType?: components['schemas']['ServiceSubTypeReference'];
      item?: components['schemas']['ServiceItemReference'];
      team?: components['schemas']['ServiceTeamReference'];
      owner?: components['schemas']['MemberReference'];
      priority?: components['schemas']['PriorityReference'];
      serviceLocation?: components['schemas']['ServiceLocationReference'];
      source?: components['schemas']['ServiceSourceReference'];
      /** Format: date-time */
      requiredDate?: string;
      /** Format: double */
      budgetHours?: number | null;
      opportunity?: components['schemas']['OpportunityReference'];
      agreement?: components['schemas']['AgreementReference'];
      agreementType?: string;
      /**
       * @description Required On Updates;
       * @enum {string|null}
       */
      severity?: 'Low' | 'Medium' | 'High' | null;
      /**
       * @description Required On Updates;
       * @enum {string|null}
       */
      impact?: 'Low' | 'Medium' | 'High' | null;
      /** @description Max length: 100; */
      externalXRef?: string;
      /** @description Max length: 50; */
      poNumber?: string;
      /** Format: int32 */
      knowledgeBaseCategoryId?: number | null;
      /** Format: int32 */
      knowledgeBaseSubCategoryId?: number | null;
      allowAllClientsPortalView?: boolean | null;
      customerUpdatedFlag?: boolean | null;
      automaticEmailContactFlag?: boolean | null;
      automaticEmailResourceFlag?: boolean | null;
      automaticEmailCcFlag?: boolean | null;
      /** @description Max length: 1000; */
      automaticEmailCc?: string;
      /** @description Only available for POST, will not be returned in the response. */
      initialDescription?: string;
      /** @description Only available for POST, will not be returned in the response. */
      initialInternalAnalysis?: string;
      /** @description Only available for POST, will not be returned in the response. */
      initialResolution?: string;
      initialDescriptionFrom?: string;
      contactEmailLookup?: string;
      /** @description Can be set to false to skip notification processing when adding or updating a ticket (Defaults to True). */
      processNotifications?: boolean | null;
      skipCallback?: boolean | null;
      closedDate?: string;
      closedBy?: string;
      closedFlag?: boolean | null;
      /** Format: double */
      actualHours?: number | null;
      approved?: boolean | null;
      /** Format: double */
      estimatedExpenseCost?: number | null;
      /** Format: double */
      estimatedExpenseRevenue?: number | null;
      /** Format: double */
      estimatedProductCost?: number | null;
      /** Format: double */
      estimatedProductRevenue?: number | null;
      /** Format: double */
      estimatedTimeCost?: number | null;
      /** Format: double */
      estimatedTimeRevenue?: number | null;
      /** @enum {string|null} */
      billingMethod?: 'ActualRates' | 'FixedFee' | 'NotToExceed' | 'OverrideRate' | null;
      /** Format: double */
      billingAmount?: number | null;
      /** Format: double */
      hourlyRate?: number | null;
      /** @enum {string|null} */
      subBillingMethod?: 'ActualRates' | 'FixedFee' | 'NotToExceed' | 'OverrideRate' | null;
      /** Format: double */
      subBillingAmount?: number | null;
      subDateAccepted?: string;
      dateResolved?: string;
      dateResplan?: string;
      dateResponded?: string;
      /** Format: int32 */
      resolveMinutes?: number | null;
      /** Format: int32 */
      resPlanMinutes?: number | null;
      /** Format: int32 */
      respondMinutes?: number | null;
      isInSla?: boolean | null;
      /** Format: int32 */
      knowledgeBaseLinkId?: number | null;
      resources?: string;
      /** Format: int32 */
      parentTicketId?: number | null;
      hasChildTicket?: boolean | null;
      hasMergedChildTicketFlag?: boolean | null;
      /** @enum {string|null} */
      knowledgeBaseLinkType?:
        | 'Activity'
        | 'ProjectIssue'
        | 'KnowledgeBaseArticle'
        | 'ProjectTicket'
        | 'ServiceTicket'
        | 'Time'
        | null;
      /** @enum {string|null} */
      billTime?: 'Billable' | 'DoNotBill' | 'NoCharge' | 'NoDefault' | null;
      /** @enum {string|null} */
      billExpenses?: 'Billable' | 'DoNotBill' | 'NoCharge' | 'NoDefault' | null;
      /** @enum {string|null} */
      billProducts?: 'Billable' | 'DoNotBill' | 'NoCharge' | 'NoDefault' | null;
      /** @enum {string|null} */
      predecessorType?: 'Ticket' | 'Phase' | null;
      /** Format: int32 */
      predecessorId?: number | null;
      predecessorClosedFlag?: boolean | null;
      /** Format: int32 */
      lagDays?: number | null;
      lagNonworkingDaysFlag?: boolean | null;
      /** Format: date-time */
      estimatedStartDate?: string;
      /** Format: int32 */
      duration?: number | null;
      location?: components['schemas']['SystemLocationReference'];
      department?: components['schemas']['SystemDepartmentReference'];
      mobileGuid?: string | null;
      sla?: components['schemas']['SLAReference'];
      slaStatus?: string;
      requestForChangeFlag?: boolean | null;
      currency?: components['schemas']['CurrencyReference'];
      mergedParentTicket?: components['schemas']['TicketReference'];
      integratorTags?: string[];
      _info?: {
        [key: string]: string;
      };
      escalationStartDateUTC?: string;
      /** Format: int32 */
      escalationLevel?: number | null;
      /** Format: int32 */
      minutesBeforeWaiting?: number | null;
      /** Format: int32 */
      respondedSkippedMinutes?: number | null;
      /** Format: int32 */
      resplanSkippedMinutes?: number | null;
      /** Format: double */
      respondedHours?: number | null;
      respondedBy?: string;
      /** Format: double */
      resplanHours?: number | null;
      resplanBy?: string;
      /** Format: double */
      resolutionHours?: number | null;
      resolvedBy?: string;
      /** Format: int32 */
      minutesWaiting?: number | null;
      customFields?: components['schemas']['CustomFieldValue'][];
    };
    TicketReference: {
      /** Format: int32 */
      id?: number | null;
      summary?: string;
      _info?: {
        [key: string]: string;
      };
    };
    TimeZoneSetupReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    UnitOfMeasureReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    ValidationError: {
      code?: string;
      message?: string;
      resource?: string;
      field?: string;
      details?: string;
    };
    WarehouseBinReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    WarehouseReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      lockedFlag?: boolean;
      _info?: {
        [key: string]: string;
      };
    };
    WorkRoleReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      _info?: {
        [key: string]: string;
      };
    };
    WorkTypeReference: {
      /** Format: int32 */
      id?: number | null;
      name?: string;
      utilizationFlag?: boolean | null;
      _info?: {
        [key: string]: string;
      };
    };
  };
}
