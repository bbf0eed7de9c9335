// Founder profiles for the browser tests, as answers in the engine's format.
// The tests type these into the page by the fields' visible labels, then
// compare what the page shows with what the engine computes, and with the
// outcomes the texts give (expect).
export const profiles = [
  {
    name: "a Nanming software company with certifications and patents",
    date: "2017-06-01",
    answers: {
      organisation_kind: "company",
      registered_district: "nanming",
      tax_district: "nanming",
      compare_districts: false,
      in_maker_space: false,
      registration_date: "2014-03-01",
      moved_in: false,
      industries: ["software", "big_data"],
      hightech_certified: true,
      hightech_cert_year: 2016,
      software_certified: true,
      software_cert_year: 2015,
      nanming_hightech_grant_received: false,
      nanming_software_grant_received: false,
      invention_patents: 2,
      nanming_utility_patents: 3,
      nanming_software_copyrights: 5,
    },
    expect: {
      "nanming.hightech-certification-grant": ["eligible", 50000],
      "nanming.software-certification-grant": ["eligible", 10000],
      "nanming.invention-patent-fee-grant": ["eligible", 6000],
      "nanming.utility-model-fee-grant": ["eligible", 3000],
      "nanming.software-copyright-fee-grant": ["eligible", 2500],
      "jingan.invention-patent-grant-funding": ["not_eligible", null],
    },
  },
  {
    name: "a Nanming medical-device maker producing a Class III device",
    date: "2018-03-15",
    answers: {
      organisation_kind: "company",
      registered_district: "nanming",
      tax_district: "nanming",
      compare_districts: false,
      moved_in: false,
      industries: ["medical_devices"],
      hightech_certified: false,
      nanming_class3_device: "producing",
      nanming_class3_device_year: 2017,
      nanming_rd_platforms_provincial: 1,
    },
    expect: {
      "nanming.class3-medical-device-grant": ["eligible", 2000000],
      "nanming.rd-platform-provincial": ["eligible", 200000],
      "nanming.rd-platform-national": ["not_eligible", null],
      "nanming.hightech-certification-grant": ["not_eligible", null],
    },
  },
  {
    name: "a Jing'an big-data startup",
    date: "2019-10-01",
    answers: {
      organisation_kind: "company",
      registered_district: "jingan",
      tax_district: "jingan",
      compare_districts: false,
      in_zhangjiang_park: false,
      industries: ["big_data", "cloud"],
      size_sector: "software",
      headcount: 12,
      revenue_last_year: 2000000,
      jingan_growth_stage: "startup",
      jingan_has_invention_patent: true,
    },
    expect: {
      "jingan.invention-patent-grant-funding": ["eligible", null],
      "nanming.hightech-certification-grant": ["not_eligible", null],
      // The Zhangjiang trial text is presumed ended in 2017: its park
      // question is no longer asked in 2019, and the measure is lapsed.
      "zhangjiang.central-registration-address": ["lapsed", null],
    },
  },
];
